import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { deriveMediaKey, keyIndexOf } from './media-keys.js';

const secret = new Uint8Array(32).fill(7);

test('same secret, call and epoch give the same 32-byte key; anything else changes it', () => {
  const a = deriveMediaKey(secret, 'call-1', 0);
  assert.equal(a.length, 32);
  assert.deepEqual(deriveMediaKey(secret, 'call-1', 0), a);
  assert.notDeepEqual(deriveMediaKey(secret, 'call-1', 1), a);
  assert.notDeepEqual(deriveMediaKey(secret, 'call-2', 0), a);
  assert.notDeepEqual(deriveMediaKey(new Uint8Array(32).fill(8), 'call-1', 0), a);
});

test('the derivation is HKDF-SHA-256 with the documented salt and info layout', () => {
  const info = new Uint8Array([...new TextEncoder().encode('CrypTalk v1 call media key'), 0, 0, 1, 2]);
  const expected = hkdf(sha256, secret, new TextEncoder().encode('c'), info, 32);
  assert.deepEqual(deriveMediaKey(secret, 'c', 258), expected);
});

test('bad inputs are refused and key indexes wrap around the keyring', () => {
  assert.throws(() => deriveMediaKey(new Uint8Array(8), 'c', 0), RangeError);
  assert.throws(() => deriveMediaKey(secret, '', 0), TypeError);
  assert.throws(() => deriveMediaKey(secret, 'c', -1), RangeError);
  assert.throws(() => deriveMediaKey(secret, 'c', 1.5), RangeError);
  assert.equal(keyIndexOf(0), 0);
  assert.equal(keyIndexOf(17), 1);
});
