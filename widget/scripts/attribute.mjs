#!/usr/bin/env node
// Attributes the bytes of a script-tag file to the packages and source folders it bundles (a visualizer in
// text): `node widget/scripts/attribute.mjs [cryptalk-worker.js] [--modules]`. Sizes are each module's code
// after tree-shaking, minified on its own with the build's Terser options: that counts code, not the comments
// and long names a module's rendered length also holds. Their sum is printed beside the chunk's real minified
// size (they differ by what minifying across modules saves, and by Rollup's wrapper). With `--modules`, every
// module of every chunk the build writes (lazy chunks included) is listed, largest first.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { minify } from 'terser';
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
    const chunks = output
      .filter((c) => c.type === 'chunk')
      .map((c) => ({
        name: c.fileName,
        min: c.code.length,
        gzip: gzipSync(c.code, { level: 9 }).length,
        modules: Object.entries(c.modules).map(([id, m]) => ({ id, code: m.code ?? '' })),
      }));
    for (const chunk of chunks) {
      for (const m of chunk.modules) m.min = await minifiedLength(m.code);
    }
    return chunks;
  } finally {
    process.chdir(prev);
  }
}

/**
 * A module's code minified alone, with the script-tag build's Terser options (`rollup.widget.mjs`).
 * @param {string} code - the module's rendered code.
 * @returns {Promise<number>} its length in bytes.
 */
async function minifiedLength(code) {
  if (!code.trim()) return 0;
  // Top-level names are mangled as in the build but kept, as other modules of the chunk use them (`module: true`
  // would drop them as unused).
  const out = await minify(code, {
    format: { comments: false },
    ecma: 2020,
    module: false,
    compress: { toplevel: false },
    mangle: { toplevel: true },
  });
  return Buffer.byteLength(out.code ?? '');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'cryptalk-worker.js';
  const perModule = process.argv.includes('--modules');
  for (const chunk of await attribute(file)) {
    const total = chunk.modules.reduce((a, m) => a + m.min, 0);
    process.stdout.write(
      `\n## ${chunk.name}: ${(chunk.min / 1024).toFixed(1)} KB minified, ${(chunk.gzip / 1024).toFixed(1)} KB gzip; its modules minified one by one: ${(total / 1024).toFixed(1)} KB\n`,
    );
    const groups = new Map();
    for (const m of chunk.modules) {
      const key = perModule ? relative(ROOT, m.id) : groupOf(m.id);
      groups.set(key, (groups.get(key) ?? 0) + m.min);
    }
    for (const [key, min] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, perModule ? 400 : 40)) {
      if (min === 0) continue;
      process.stdout.write(
        `${key.padEnd(60)} ${((min / (total || 1)) * 100).toFixed(1).padStart(5)} %  ${(min / 1024).toFixed(1).padStart(6)} KB min\n`,
      );
    }
  }
}
