#!/usr/bin/env node
// Runs every Node-side test (*.test.ts that are neither browser nor e2e tests) with node's test runner.
// NODE_BIN selects another Node binary (CI runs the suite again on the current LTS); extra arguments are
// passed on (e.g. a file filter).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNodeTests } from './node-test-run.mjs';
import { testFiles } from './test-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv.slice(2);
let files = testFiles(root, 'node');
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no Node test files found');
  process.exit(1);
}
const node = process.env.NODE_BIN ?? process.execPath;
process.exit(await runNodeTests({ root, files, concurrency: 2, node, what: 'Node tests' }));
