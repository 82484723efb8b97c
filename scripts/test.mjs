#!/usr/bin/env node
// `npm test`: lint, type-check, build, then the Node, browser and end-to-end tests. Runs every step even when
// one fails, prints a summary, and exits non-zero if any step failed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const steps = [
  ['lint', bin('biome'), ['check', '.']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['build', process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent']],
  ['node tests', process.execPath, [join(root, 'scripts/test-node.mjs')]],
  ['browser tests', process.execPath, [join(root, 'scripts/test-browser.mjs')]],
  ['end-to-end tests', process.execPath, [join(root, 'scripts/test-e2e.mjs')]],
];
const only = process.env.CRYPTALK_STEPS?.split(',');
const results = [];
for (const [name, cmd, args] of steps) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  results.push({ name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
}
console.log('\n=== summary ===');
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(18)} ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
