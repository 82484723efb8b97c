#!/usr/bin/env node
// Builds the React example into examples/react/dist with esbuild (no Vite needed): `node examples/react/build.mjs`.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Builds the example; returns the output folder. */
export async function buildExample() {
  const outdir = join(here, 'dist');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, 'src/main.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    outdir,
    conditions: ['source', 'browser'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'index.html'), join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(`built ${await buildExample()}\n`);
