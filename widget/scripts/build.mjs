#!/usr/bin/env node
// Builds the widget's script-tag files (widget/dist/cryptalk.js + cryptalk-core.js), writes their SRI hashes
// to widget/dist/sri.json and prints raw and gzip sizes against the budgets. `node widget/scripts/build.mjs`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { BUDGETS, CORE_FILE, LOADER_FILE, WIDGET_DIST, widgetScriptTagConfigs } from '../rollup.widget.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Gzip size (level 9) of a file's bytes. */
export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** `sha384-…` Subresource Integrity value of some bytes. */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Builds both files; returns `{ file: { raw, gzip, integrity } }`. */
export async function buildWidget() {
  const prev = process.cwd();
  process.chdir(ROOT);
  try {
    for (const config of widgetScriptTagConfigs()) {
      const bundle = await rollup(config);
      await bundle.write(config.output);
      await bundle.close();
    }
  } finally {
    process.chdir(prev);
  }
  const out = {};
  for (const file of [LOADER_FILE, CORE_FILE]) {
    const bytes = readFileSync(join(ROOT, WIDGET_DIST, file));
    out[file] = { raw: bytes.length, gzip: gzipSize(bytes), integrity: sri(bytes) };
  }
  writeFileSync(join(ROOT, WIDGET_DIST, 'sri.json'), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** Builds unless both files exist and are newer than every widget source (for the e2e tests). */
export async function ensureWidgetBuild() {
  const files = [LOADER_FILE, CORE_FILE].map((f) => join(ROOT, WIDGET_DIST, f));
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

import { readdirSync } from 'node:fs';

function readdirSyncSafe(d) {
  try {
    return readdirSync(d, { withFileTypes: true });
  } catch {
    return [];
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildWidget();
  let over = false;
  for (const [file, s] of Object.entries(sizes)) {
    const budget = BUDGETS[file];
    if (s.gzip > budget) over = true;
    process.stdout.write(
      `${`${WIDGET_DIST}/${file}`.padEnd(30)} ${(s.raw / 1024).toFixed(1).padStart(7)} KB ${(s.gzip / 1024).toFixed(1).padStart(6)} KB gzip  (budget ${(budget / 1024).toFixed(0)} KB)  ${s.integrity}\n`,
    );
  }
  if (over) {
    process.stderr.write('over budget: see widget/rollup.widget.mjs BUDGETS\n');
    process.exit(1);
  }
}
