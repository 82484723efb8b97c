import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadOnce, loadWithRetries } from './lazy-load.js';

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

test('loadOnce shares one load between callers, and a failed load is forgotten so the next call loads again', async () => {
  const twice = flaky(1);
  const load = loadOnce(twice.load, (cause) => new TypeError(`typed: ${(cause as Error).message}`));
  const [a, b] = await Promise.allSettled([load(), load()]);
  assert.equal(twice.calls(), 1, 'two callers, one load');
  assert.equal(a.status === 'rejected' && String(a.reason), 'TypeError: typed: failure 1');
  assert.equal(b.status === 'rejected' && String(b.reason), 'TypeError: typed: failure 1');
  assert.equal(await load(), 'loaded', 'the next call loads again');
  assert.equal(await load(), 'loaded');
  assert.equal(twice.calls(), 2, 'a successful load is kept');
  const untyped = loadOnce(flaky(1).load);
  await assert.rejects(untyped(), /failure 1/, 'without `fail`, the cause itself');
});
