import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadWithRetries } from './retry-load.js';

/** A load that fails its first `failures` calls (each with its own error), then resolves. */
function flaky(failures: number) {
  let calls = 0;
  return {
    load: async () => {
      calls++;
      if (calls <= failures) throw new Error(`failure ${calls}`);
      return 'loaded';
    },
    calls: () => calls,
  };
}

test('a load that fails fewer times than there are waits resolves, after exactly that many tries', async () => {
  const once = flaky(1);
  assert.equal(await loadWithRetries(once.load, [0, 0]), 'loaded');
  assert.equal(once.calls(), 2);
  const twice = flaky(2);
  assert.equal(await loadWithRetries(twice.load, [0, 0]), 'loaded');
  assert.equal(twice.calls(), 3);
  const never = flaky(0);
  assert.equal(await loadWithRetries(never.load, [0, 0]), 'loaded');
  assert.equal(never.calls(), 1, 'no retry without a failure');
});

test('a load that keeps failing throws its last error after one try more than there are waits', async () => {
  const always = flaky(10);
  await assert.rejects(loadWithRetries(always.load, [0, 0]), /failure 3/);
  assert.equal(always.calls(), 3);
  const noWaits = flaky(10);
  await assert.rejects(loadWithRetries(noWaits.load, []), /failure 1/);
  assert.equal(noWaits.calls(), 1);
});
