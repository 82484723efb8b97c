#!/usr/bin/env node
// Builds the widget's Storybook into storybook/storybook-static, offline: `npm run storybook:build`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const OUT = join(here, 'storybook-static');
const cli = join(
  dirname(createRequire(import.meta.url).resolve('storybook/package.json')),
  'dist/bin/dispatcher.js',
);

/** Builds Storybook (no telemetry, no network); resolves to the output folder, rejects when the build fails. */
export function buildStorybook(out = OUT) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build', '-c', '.storybook', '-o', out, '--quiet'], {
      cwd: here,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' },
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`storybook build failed (${code}):\n${output.slice(-4000)}`)),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(`built ${await buildStorybook()}\n`);
