import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiryOf, isExpired, nextExpiry, purgeExpired } from './disappearing.js';

test('expiry starts at the earlier of sentAt and arrival; 0 never expires', () => {
  assert.equal(expiryOf(1000, 5000, 10), 11_000);
  assert.equal(expiryOf(9_000_000, 5000, 10), 15_000, 'a sender clock in the future cannot extend the life');
  assert.equal(expiryOf(1000, 5000, 0), undefined);
  assert.throws(() => expiryOf(0, 0, -1), RangeError);
  assert.throws(() => expiryOf(0, 0, 366 * 86_400), RangeError);
});

test('purge splits expired items stably; nextExpiry finds the earliest', () => {
  const items = [{ id: 1, expiresAt: 10 }, { id: 2 }, { id: 3, expiresAt: 30 }, { id: 4, expiresAt: 5 }];
  const { kept, expired } = purgeExpired(items, 10);
  assert.deepEqual(
    kept.map((i) => i.id),
    [2, 3],
  );
  assert.deepEqual(
    expired.map((i) => i.id),
    [1, 4],
  );
  assert.equal(nextExpiry(items), 5);
  assert.equal(nextExpiry([{}]), undefined);
  assert.equal(isExpired(undefined, Number.MAX_SAFE_INTEGER), false);
});
