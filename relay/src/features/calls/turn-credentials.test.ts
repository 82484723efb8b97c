import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { TURN_CREDENTIALS_TTL_SECONDS } from './limits.js';
import { turnCredentials } from './turn-credentials.js';

const secret = 'turn-shared-secret-0123456789';

test('username is expiry[:id] and the password is base64(HMAC-SHA1(secret, username))', () => {
  const now = 1_700_000_000_000;
  const creds = turnCredentials(secret, 300, { urls: ['turn:127.0.0.1:3478'], id: 'abc', now });
  assert.equal(creds.username, `${1_700_000_000 + 300}:abc`);
  // Known answer computed independently of the implementation's code path (openssl-equivalent HMAC-SHA1).
  const expected = createHmac('sha1', Buffer.from(secret)).update(Buffer.from(creds.username)).digest();
  assert.deepEqual(Buffer.from(creds.credential, 'base64'), expected);
  assert.equal(Buffer.from(creds.credential, 'base64').length, 20);
  assert.deepEqual(creds.urls, ['turn:127.0.0.1:3478']);
  assert.equal(creds.ttlSeconds, 300);
});

test('without an id the username is the bare expiry; default lifetime applies', () => {
  const creds = turnCredentials(secret, undefined, { urls: [], now: 2_000_000_000_500 });
  assert.equal(creds.username, String(2_000_000_000 + TURN_CREDENTIALS_TTL_SECONDS));
});

test('the password depends on the secret and the username only', () => {
  const a = turnCredentials(secret, 60, { urls: [], now: 0 });
  const b = turnCredentials(secret, 60, { urls: ['turn:x'], now: 0 });
  const c = turnCredentials(`${secret}x`, 60, { urls: [], now: 0 });
  const d = turnCredentials(secret, 61, { urls: [], now: 0 });
  assert.equal(a.credential, b.credential);
  assert.notEqual(a.credential, c.credential);
  assert.notEqual(a.credential, d.credential);
});

test('bad inputs are refused', () => {
  assert.throws(() => turnCredentials('short', 60, { urls: [] }), RangeError);
  assert.throws(() => turnCredentials(secret, 0, { urls: [] }), RangeError);
  assert.throws(() => turnCredentials(secret, 86_401, { urls: [] }), RangeError);
  assert.throws(() => turnCredentials(secret, 1.5, { urls: [] }), RangeError);
  assert.throws(() => turnCredentials(secret, 60, { urls: [], id: 'a:b' }), TypeError);
});
