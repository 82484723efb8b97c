#!/usr/bin/env node
// `npm test`: lint, type-check, build, then the Node, browser and end-to-end tests. Runs every step even when
// one fails, prints a summary, and exits non-zero if any step failed.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const steps = [
  ['lint', bin('biome'), ['check', '.']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  // Every public SDK export has a doc comment (TypeDoc validation) and the committed reference in docs/api/ is
  // what the code generates (`npm run docs:api` rewrites it).
  ['api docs', process.execPath, [join(root, 'scripts/api-docs.mjs'), '--check']],
  ['build', process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent']],
  ['node tests', process.execPath, [join(root, 'scripts/test-node.mjs')]],
  ['browser tests', process.execPath, [join(root, 'scripts/test-browser.mjs')]],
  ['end-to-end tests', process.execPath, [join(root, 'scripts/test-e2e.mjs')]],
];
// Lines that name a failure in the output of biome, tsc, rollup, node:test, @web/test-runner and mocha.
const FAILURE = /✖|❌|✘|not ok|error TS|\berror\b|Error:|AssertionError|FAIL|failed/i;
const CONTEXT_AFTER = 6;
const MAX_SHOWN = 80;
/** A step still running after this long is stopped and fails (a hung test process otherwise holds CI). */
const STEP_LIMIT_MS = Number(process.env.CRYPTALK_STEP_LIMIT_MS ?? 20 * 60_000);

/** Runs one step, passing its output through, and keeps the lines around failures for the summary. */
function runStep(cmd, args) {
  return new Promise((resolve) => {
    // Its own process group, so a step that overruns is stopped with everything it started.
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const shown = [];
    const limit = setTimeout(() => {
      shown.push(`step stopped after ${STEP_LIMIT_MS / 60_000} min (CRYPTALK_STEP_LIMIT_MS): something hung`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, STEP_LIMIT_MS);
    let after = 0;
    let partial = '';
    const take = (chunk, out) => {
      out.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const raw of lines) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal escape codes
        const line = raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trimEnd();
        if (/\b0 failed\b|fail 0\b/.test(line)) continue;
        if (FAILURE.test(line)) after = CONTEXT_AFTER + 1;
        if (after > 0 && line && shown.length < MAX_SHOWN)
          shown.push(line.length > 300 ? `${line.slice(0, 300)}…` : line);
        after = Math.max(0, after - 1);
      }
    };
    child.stdout.on('data', (c) => take(c, process.stdout));
    child.stderr.on('data', (c) => take(c, process.stderr));
    child.on('error', (err) => {
      clearTimeout(limit);
      resolve({ code: 1, shown: [String(err)] });
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      resolve({ code: code ?? 1, shown });
    });
  });
}

const only = process.env.CRYPTALK_STEPS?.split(',');
const results = [];
for (const [name, cmd, args] of steps) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = await runStep(cmd, args);
  results.push({ name, ok: r.code === 0, seconds: (Date.now() - started) / 1000, shown: r.shown });
}
console.log('\n=== summary ===');
for (const r of results.filter((x) => !x.ok && x.shown.length)) {
  console.log(`--- what failed in ${r.name} ---`);
  for (const line of r.shown) console.log(line);
}
for (const r of results)
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(18)} ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
