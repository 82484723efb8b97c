import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RandomPool } from './random-pool.js';

describe('RandomPool', () => {
  test('hands out every byte of a block once, then draws a new block', () => {
    const pool = new RandomPool(64);
    const a = pool.take(24);
    const b = pool.take(24);
    const c = pool.take(24); // does not fit the first block's 16 left: a new block
    assert.equal(a.byteOffset + 24, b.byteOffset, 'b follows a in the same block');
    assert.equal(a.buffer, b.buffer);
    assert.notEqual(c.buffer, a.buffer, 'c comes from a new block');
    assert.equal(c.byteOffset, 0);
    const big = pool.take(100); // larger than a block: its own draw
    assert.equal(big.length, 100);
    assert.equal(pool.take(0).length, 0);
  });

  test('10,000 nonces are all distinct', () => {
    const pool = new RandomPool();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(Buffer.from(pool.take(24)).toString('hex'));
    assert.equal(seen.size, 10_000);
  });

  test('rejects bad sizes', () => {
    assert.throws(() => new RandomPool(0), RangeError);
    assert.throws(() => new RandomPool(65_537), RangeError);
    assert.throws(() => new RandomPool().take(-1), RangeError);
    assert.throws(() => new RandomPool().take(1.5), RangeError);
  });
});
