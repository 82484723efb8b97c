#!/usr/bin/env node
// Builds the story catalogue into storybook/storybook-static with esbuild, offline: `npm run storybook:build`.
// (A static equivalent of Storybook: every component and state, theme and locale switchers; see README.md.)
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const OUT = join(here, 'storybook-static');

/** Builds the catalogue; returns the output folder. */
export async function buildCatalogue() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(here, 'src/catalogue.ts')],
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    outdir: OUT,
    conditions: ['source', 'browser'],
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'catalogue.css']) copyFileSync(join(here, f), join(OUT, f));
  return OUT;
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(`built ${await buildCatalogue()}\n`);
