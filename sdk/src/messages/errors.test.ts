import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CrypTalkError } from '../errors.js';
import { MESSAGE_ERROR_CODES, MessageError } from './errors.js';

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  assert.ok(start >= 0, `docs/errors.md has no "${heading}" section`);
  const rest = doc.slice(start + heading.length);
  const next = rest.search(/\n##+ /);
  return next >= 0 ? rest.slice(0, next) : rest;
}

test('every message error code is in docs/errors.md "## Messages", and every documented one exists', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set(
    [...section(doc, '## Messages (`MessageError`').matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]),
  );
  for (const code of MESSAGE_ERROR_CODES)
    assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
  for (const code of documented) {
    assert.ok((MESSAGE_ERROR_CODES as readonly string[]).includes(code as string), `${code} is not a code`);
  }
  assert.equal(new Set(MESSAGE_ERROR_CODES).size, MESSAGE_ERROR_CODES.length);
});

test('factories set code, name and a message without content', () => {
  const cases: [MessageError, string][] = [
    [MessageError.malformed('x'), 'MSG_MALFORMED'],
    [MessageError.tooLarge('text', 5), 'MSG_TOO_LARGE'],
    [MessageError.invalidField('emoji', 'must not be empty'), 'MSG_INVALID_FIELD'],
    [MessageError.unsupportedVersion(9), 'MSG_UNSUPPORTED_VERSION'],
    [MessageError.unknownKind(99), 'MSG_UNKNOWN_KIND'],
  ];
  assert.deepEqual(cases.map(([, c]) => c).sort(), [...MESSAGE_ERROR_CODES].sort());
  for (const [err, code] of cases) {
    assert.equal(err.code, code);
    assert.equal(err.name, 'MessageError');
    assert.ok(err instanceof CrypTalkError);
  }
});
