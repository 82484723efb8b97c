import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allOrThrow } from './server-process.js';

test('allOrThrow gives every value, or throws the first failure only once every start has settled', async () => {
  assert.deepEqual(await allOrThrow([Promise.resolve(1), Promise.resolve('a')] as const), [1, 'a']);
  let lateSettled = false;
  const late = new Promise<number>((resolve) =>
    setTimeout(() => {
      lateSettled = true;
      resolve(2);
    }, 50),
  );
  const failure = new Error('LiveKit did not start');
  await assert.rejects(allOrThrow([Promise.reject(failure), late] as const), (e) => e === failure);
  assert.equal(
    lateSettled,
    true,
    'the slower start had settled (so its cleanup could be registered) before the throw',
  );
});
