#!/usr/bin/env node
// Attributes the bytes of a script-tag file to the packages and source folders it bundles (a visualizer in
// text): `node widget/scripts/attribute.mjs [cryptalk-worker.js] [--modules]`. Sizes are each module's
// rendered length after tree-shaking (before minification) and the minified share estimated from it. With
// `--modules`, every module of every chunk the build writes (lazy chunks included) is listed, largest first.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { widgetScriptTagConfigs } from '../rollup.widget.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Groups a module id: `node_modules/<pkg>` or the project folder two levels deep. */
export function groupOf(id) {
  const nm = id.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = id.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? id);
  }
  const rel = relative(ROOT, id).split('/');
  return rel.slice(0, Math.min(rel.length - 1, 3)).join('/') || id;
}

/**
 * Builds one script-tag file in memory and returns its chunks with per-module rendered lengths.
 * @param {string} file - the output file name, e.g. `cryptalk-worker.js`.
 */
export async function attribute(file) {
  const prev = process.cwd();
  process.chdir(ROOT);
  try {
    // A config names its file in `output.file`, or (split builds) in `output.entryFileNames`.
    const config = widgetScriptTagConfigs().find(
      (c) =>
        String(c.output.file ?? c.output.entryFileNames).endsWith(`/${file}`) ||
        c.output.entryFileNames === file,
    );
    if (!config) throw new Error(`no script-tag config builds ${file}`);
    const bundle = await rollup({ ...config, onwarn: () => {} });
    const { output } = await bundle.generate({ ...config.output, sourcemap: false });
    await bundle.close();
    return output
      .filter((c) => c.type === 'chunk')
      .map((c) => ({
        name: c.fileName,
        min: c.code.length,
        gzip: gzipSync(c.code, { level: 9 }).length,
        modules: Object.entries(c.modules).map(([id, m]) => ({ id, rendered: m.renderedLength })),
      }));
  } finally {
    process.chdir(prev);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'cryptalk-worker.js';
  const perModule = process.argv.includes('--modules');
  for (const chunk of await attribute(file)) {
    const total = chunk.modules.reduce((a, m) => a + m.rendered, 0) || 1;
    process.stdout.write(
      `\n## ${chunk.name}: ${(chunk.min / 1024).toFixed(1)} KB minified, ${(chunk.gzip / 1024).toFixed(1)} KB gzip\n`,
    );
    const groups = new Map();
    for (const m of chunk.modules) {
      const key = perModule ? relative(ROOT, m.id) : groupOf(m.id);
      groups.set(key, (groups.get(key) ?? 0) + m.rendered);
    }
    for (const [key, rendered] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, perModule ? 400 : 40)) {
      if (rendered === 0) continue;
      const share = rendered / total;
      process.stdout.write(
        `${key.padEnd(60)} ${(share * 100).toFixed(1).padStart(5)} %  ~${((share * chunk.min) / 1024).toFixed(1).padStart(6)} KB min\n`,
      );
    }
  }
}
