#!/usr/bin/env node
// Builds the widget's script-tag files (widget/dist/cryptalk.js, cryptalk-core.js, the Worker, the lazy chunks),
// writes their SRI hashes to widget/dist/sri.json (the build records what each file imports, and the Workers it starts by URL, in widget/dist/build.json),
// writes each file's precompressed copies beside it (`.gz` by Zopfli, `.br` by Brotli 11: scripts/precompress.mjs)
// and prints raw and gzip sizes against the budgets, with what a first open downloads per placement.
// `node widget/scripts/build.mjs`.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import {
  BUDGETS,
  BUILD_INFO_FILE,
  CORE_FILE,
  chunkModules,
  FIRST_OPEN,
  FIRST_OPEN_BUDGETS,
  FIRST_OPEN_TARGET,
  LOADER_FILE,
  staticClosure,
  UI_FILE,
  WIDGET_DIST,
  WORKER_FILE,
  widgetScriptTagConfigs,
} from '../rollup.widget.mjs';
import { precompressedNames } from './precompress.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Gzip size of a file's bytes with zlib at level 9 (what a server compressing on the fly sends at best). */
export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** `sha384-…` Subresource Integrity value of some bytes. */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/**
 * Builds every script-tag file and its precompressed copies; returns
 * `{ file: { raw, gzip, zlib9, br, integrity, imports, dynamicImports, modules } }` for each JavaScript file written
 * (source maps are not counted; `gzip` is the size of the `.gz` copy that is served, `zlib9` that of zlib's level 9,
 * `br` that of the `.br` copy), and writes `{ file: { raw, gzip, integrity } }` to widget/dist/sri.json.
 */
export async function buildWidget() {
  const prev = process.cwd();
  process.chdir(ROOT);
  const out = {};
  try {
    for (const config of widgetScriptTagConfigs()) {
      const bundle = await rollup(config);
      const { output } = await bundle.write(config.output);
      await bundle.close();
      for (const chunk of output) {
        if (chunk.type !== 'chunk') continue;
        const bytes = Buffer.from(chunk.code);
        // the copies the build's precompressOutput plugin wrote beside the file
        const copies = precompressedNames(join(ROOT, WIDGET_DIST, chunk.fileName));
        out[chunk.fileName] = {
          raw: bytes.length,
          gzip: statSync(copies.gzip).size,
          zlib9: gzipSize(bytes),
          br: statSync(copies.br).size,
          integrity: sri(bytes),
          imports: chunk.imports.filter((i) => !i.includes(':')),
          dynamicImports: chunk.dynamicImports.filter((i) => !i.includes(':')),
          modules: chunkModules(chunk),
        };
      }
    }
  } finally {
    process.chdir(prev);
  }
  const hashes = Object.fromEntries(
    Object.entries(out).map(([file, { raw, gzip, integrity }]) => [file, { raw, gzip, integrity }]),
  );
  writeFileSync(join(ROOT, WIDGET_DIST, 'sri.json'), `${JSON.stringify(hashes, null, 2)}\n`);
  return out;
}

/**
 * The build in widget/dist (made first if missing or older than the sources, as {@link ensureWidgetBuild}):
 * each JavaScript file's code with its static and dynamic imports and its source modules, as written.
 * @returns {Promise<Record<string, { code: string, imports: string[], dynamicImports: string[], modules: string[] }>>}
 */
export async function readWidgetBuild() {
  await ensureWidgetBuild();
  const dist = join(ROOT, WIDGET_DIST);
  // A folder built before the build recorded its imports and modules: build it again once.
  const readInfo = () => JSON.parse(readFileSync(join(dist, BUILD_INFO_FILE), 'utf8'));
  if (!existsSync(join(dist, BUILD_INFO_FILE)) || !Array.isArray(readInfo()[WORKER_FILE]?.modules))
    await buildWidget();
  const info = readInfo();
  const out = {};
  for (const [file, { imports, dynamicImports, modules }] of Object.entries(info)) {
    // an entry of an earlier build whose file is gone is not part of this build
    if (existsSync(join(dist, file)))
      out[file] = { code: readFileSync(join(dist, file), 'utf8'), imports, dynamicImports, modules };
  }
  return out;
}

/**
 * What a first open downloads beside the loader, per placement ({@link FIRST_OPEN}): the files with their
 * static imports and the gzip total.
 * @param {Record<string, { gzip: number, imports: string[] }>} built - {@link buildWidget}'s result.
 * @returns {Record<string, { files: string[], gzip: number }>}
 */
export function firstOpenSizes(built) {
  const out = {};
  for (const [placement, entries] of Object.entries(FIRST_OPEN)) {
    const files = [...new Set(entries.flatMap((e) => staticClosure(built, e)))];
    out[placement] = { files, gzip: files.reduce((a, f) => a + (built[f]?.gzip ?? 0), 0) };
  }
  return out;
}

/** Builds unless both files exist and are newer than every widget source (for the e2e tests). */
export async function ensureWidgetBuild() {
  const files = [LOADER_FILE, CORE_FILE, UI_FILE, WORKER_FILE].map((f) => join(ROOT, WIDGET_DIST, f));
  if (process.env.CRYPTALK_REBUILD !== '1' && files.every(existsSync)) {
    const built = Math.min(...files.map((f) => statSync(f).mtimeMs));
    if (newestSource(join(ROOT, 'widget/src')) < built && newestSource(join(ROOT, 'sdk/src')) < built) return;
  }
  await buildWidget();
}

function newestSource(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const e of readdirSyncSafe(d)) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.includes('.test.')) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

function readdirSyncSafe(d) {
  try {
    return readdirSync(d, { withFileTypes: true });
  } catch {
    return [];
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildWidget();
  let over = false;
  for (const [file, s] of Object.entries(built)) {
    const budget = BUDGETS[file];
    if (budget !== undefined && s.gzip > budget) over = true;
    process.stdout.write(
      `${`${WIDGET_DIST}/${file}`.padEnd(44)} ${(s.raw / 1024).toFixed(1).padStart(7)} KB ${(s.gzip / 1024).toFixed(1).padStart(6)} KB gzip${budget === undefined ? '' : `  (budget ${(budget / 1024).toFixed(0)} KB)`}\n`,
    );
  }
  for (const [placement, { files, gzip }] of Object.entries(firstOpenSizes(built))) {
    if (gzip > FIRST_OPEN_BUDGETS[placement]) over = true;
    process.stdout.write(
      `first open (${placement}): ${files.join(' + ')} = ${(gzip / 1024).toFixed(1)} KB gzip (target ${(FIRST_OPEN_TARGET / 1024).toFixed(0)} KB, budget ${(FIRST_OPEN_BUDGETS[placement] / 1024).toFixed(0)} KB)\n`,
    );
  }
  // WebCrypto does X25519 and Ed25519: noble's curves load beside the first open, never in it
  for (const [placement, { files }] of Object.entries(firstOpenSizes(built))) {
    const curves = files.flatMap((f) => built[f].modules.filter((m) => m.includes('/@noble/curves/')));
    if (curves.length === 0) continue;
    over = true;
    process.stderr.write(`first open (${placement}) carries @noble/curves: ${curves.join(', ')}\n`);
  }
  if (over) {
    process.stderr.write(
      'over budget: see widget/rollup.widget.mjs BUDGETS and FIRST_OPEN_BUDGETS (and what a first open may carry)\n',
    );
    process.exit(1);
  }
}
