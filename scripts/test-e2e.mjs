#!/usr/bin/env node
// Runs the end-to-end tests (test/e2e/*.e2e.test.ts): real Chromium driven by playwright-core against the
// built widget and relay. Builds first when the build output is missing.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';
import { requireChromium } from './find-chromium.mjs';
import { runNodeTests } from './node-test-run.mjs';
import { testFiles } from './test-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
requireChromium();
ensureBuild();
const filter = process.argv.slice(2);
let files = testFiles(root, 'e2e');
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no end-to-end test files found');
  process.exit(1);
}
process.exit(await runNodeTests({ root, files, concurrency: 1, what: 'end-to-end tests' }));
