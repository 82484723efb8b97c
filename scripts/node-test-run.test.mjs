import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runNodeTests } from './node-test-run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'cryptalk-hang-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Whether a process is alive. */
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a test file that never ends (an open socket, a promise that never settles) fails the run, and its process is ended', async () => {
  const pidFile = join(dir, 'pid');
  const file = join(dir, 'hang.test.mjs');
  writeFileSync(
    file,
    `import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
test('waits for an answer that never comes', () => new Promise(() => {
  createServer().listen(0, '127.0.0.1');
  writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
}));
`,
  );
  const started = Date.now();
  const status = await runNodeTests({
    root,
    files: [file],
    concurrency: 1,
    what: 'hang check',
    testLimitMs: 60_000,
    runLimitMs: 3_000,
    quiet: true,
  });
  assert.equal(status, 1, 'the run fails');
  assert.ok(Date.now() - started < 30_000, 'stopped at its limit, not at the test timeout');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(pid), false, 'the hung file process was ended too');
});

test('a passing run resolves 0 and a failing one 1', async () => {
  const ok = join(dir, 'ok.test.mjs');
  const bad = join(dir, 'bad.test.mjs');
  writeFileSync(ok, `import { test } from 'node:test';\ntest('fine', () => {});\n`);
  writeFileSync(
    bad,
    `import { test } from 'node:test';\ntest('broken', () => { throw new Error('no'); });\n`,
  );
  assert.equal(await runNodeTests({ root, files: [ok], concurrency: 1, what: 'ok', quiet: true }), 0);
  assert.equal(await runNodeTests({ root, files: [ok, bad], concurrency: 1, what: 'bad', quiet: true }), 1);
});
