#!/usr/bin/env node
// Runs the browser tests (*.browser.test.ts) in Debian Chromium through @web/test-runner.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';
import { requireChromium } from './find-chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
requireChromium();
ensureBuild();
const r = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/@web/test-runner/dist/bin.js'),
    '--config',
    'web-test-runner.config.mjs',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CRYPTALK_LOG: process.env.CRYPTALK_LOG ?? 'silent' },
  },
);
process.exit(r.status ?? 1);
