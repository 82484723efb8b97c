import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CrypTalkError } from '../errors.js';
import { OUTBOX_ERROR_CODES, OutboxError } from './errors.js';

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  assert.ok(start >= 0, `docs/errors.md has no "${heading}" section`);
  const rest = doc.slice(start + heading.length);
  const next = rest.search(/\n##+ /);
  return next >= 0 ? rest.slice(0, next) : rest;
}

test('every outbox error code is in docs/errors.md "## Outbox", and every documented one exists', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set(
    [...section(doc, '## Outbox (`OutboxError`').matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]),
  );
  for (const code of OUTBOX_ERROR_CODES)
    assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
  for (const code of documented) {
    assert.ok((OUTBOX_ERROR_CODES as readonly string[]).includes(code as string), `${code} is not a code`);
  }
  assert.equal(new Set(OUTBOX_ERROR_CODES).size, OUTBOX_ERROR_CODES.length);
});

test('factories set code, name and a safe message', () => {
  const cases: [OutboxError, string][] = [
    [OutboxError.closed(), 'OUTBOX_CLOSED'],
    [OutboxError.full(3), 'OUTBOX_FULL'],
    [OutboxError.tooLarge(3), 'OUTBOX_TOO_LARGE'],
    [OutboxError.rejected('RELAY_NO_ROOM'), 'OUTBOX_REJECTED'],
    [OutboxError.invalid('room id'), 'OUTBOX_INVALID'],
  ];
  assert.deepEqual(cases.map(([, c]) => c).sort(), [...OUTBOX_ERROR_CODES].sort());
  for (const [err, code] of cases) {
    assert.equal(err.code, code);
    assert.equal(err.name, 'OutboxError');
    assert.ok(err instanceof CrypTalkError);
  }
});
