import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CLIENT_ERROR_CODES, ClientError } from './errors.js';

test('every client error code is in docs/errors.md "## Client", and every documented one exists', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Client');
  assert.ok(start >= 0, 'docs/errors.md has no "## Client" section');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const documented = [...section.matchAll(/`(CLIENT_[A-Z_]+)`/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(documented)].sort(), [...CLIENT_ERROR_CODES].sort());
  assert.equal(new Set(CLIENT_ERROR_CODES).size, CLIENT_ERROR_CODES.length, 'codes are unique');
});

test('client errors carry their code and never the room id', () => {
  const err = ClientError.relay('RELAY_STALE_EPOCH', 'not for epoch 3');
  assert.equal(err.code, 'CLIENT_RELAY_ERROR');
  assert.equal(err.relayCode, 'RELAY_STALE_EPOCH');
  assert.equal(ClientError.joinTimeout(5).code, 'CLIENT_JOIN_TIMEOUT');
});
