import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBase64, toBase64 } from '../crypto/bytes.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';

test('bytesToBase64 gives the portable encoding for every length, and base64ToBytes reverses it', () => {
  for (let n = 0; n < 70; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 0xff);
    const text = bytesToBase64(bytes);
    assert.equal(text, toBase64(bytes), `length ${n}: same text as crypto/bytes`);
    const back = base64ToBytes(text);
    assert.deepEqual(back, fromBase64(text), `length ${n}: same bytes as crypto/bytes`);
    assert.equal(Object.getPrototypeOf(back), Uint8Array.prototype, `length ${n}: a plain Uint8Array`);
    assert.equal(back.byteOffset, 0, `length ${n}: owns its buffer`);
    assert.equal(back.buffer.byteLength, n, `length ${n}: owns its buffer`);
  }
});

test('bytesToBase64 encodes a view of a larger buffer by its own bytes only', () => {
  const big = Uint8Array.from({ length: 32 }, (_, i) => i);
  assert.equal(bytesToBase64(big.subarray(5, 9)), toBase64(Uint8Array.from([5, 6, 7, 8])));
});

test('base64ToBytes refuses text that is not base64', () => {
  for (const bad of ['a', 'ab$=', '!!!!', 'abc=d===', 'ab c']) {
    assert.throws(() => base64ToBytes(bad), TypeError, `refuses ${JSON.stringify(bad)}`);
  }
});
