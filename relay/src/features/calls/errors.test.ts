import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CALLS_ERROR_CODES, CallsError } from './errors.js';

test('every relay calls code is in docs/errors.md "## Calls" / Relay, and every documented one exists', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  const start = doc.indexOf('### Relay (`CallsError`');
  assert.ok(start >= 0, 'docs/errors.md has no relay calls section');
  const rest = doc.slice(start + 1);
  const next = rest.search(/\n##+ /);
  const part = next >= 0 ? rest.slice(0, next) : rest;
  const documented = new Set([...part.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
  assert.deepEqual([...documented].sort(), [...CALLS_ERROR_CODES].sort());
  assert.equal(CallsError.notMember().code, 'CALLS_NOT_MEMBER');
  assert.equal(CallsError.notConfigured('turn').code, 'CALLS_NOT_CONFIGURED');
});
