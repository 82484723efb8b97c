import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CALL_ERROR_CODES, CallError } from './errors.js';

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  assert.ok(start >= 0, `docs/errors.md has no "${heading}" section`);
  const rest = doc.slice(start + heading.length);
  const next = rest.search(/\n##+ /);
  return next >= 0 ? rest.slice(0, next) : rest;
}

test('every call error code is in docs/errors.md "## Calls" / SDK, and every documented one exists', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const sdk = section(doc, '### SDK (`CallError`');
  const documented = new Set([...sdk.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
  for (const code of CALL_ERROR_CODES) assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
  for (const code of documented)
    assert.ok((CALL_ERROR_CODES as readonly string[]).includes(code as string), `${code} is not a code`);
  assert.equal(new Set(CALL_ERROR_CODES).size, CALL_ERROR_CODES.length);
});

test('factories set code, name and a message without secrets', () => {
  const cases: [CallError, string][] = [
    [CallError.malformed('sdp'), 'CALL_SIGNAL_MALFORMED'],
    [CallError.notActive(), 'CALL_NOT_ACTIVE'],
    [CallError.media(new Error('x')), 'CALL_MEDIA_FAILED'],
    [CallError.credentials('turn', new Error('x')), 'CALL_CREDENTIALS_FAILED'],
    [CallError.negotiation(new Error('x')), 'CALL_NEGOTIATION_FAILED'],
    [CallError.fingerprintMismatch(), 'CALL_FINGERPRINT_MISMATCH'],
    [CallError.sfu(new Error('x')), 'CALL_SFU_FAILED'],
    [CallError.decryption(), 'CALL_DECRYPTION_FAILED'],
    [CallError.unsupported('WebRTC'), 'CALL_UNSUPPORTED'],
    [CallError.noUsableCamera(2), 'CALL_NO_USABLE_CAMERA'],
  ];
  assert.deepEqual(cases.map(([, c]) => c).sort(), [...CALL_ERROR_CODES].sort());
  for (const [err, code] of cases) {
    assert.equal(err.code, code);
    assert.equal(err.name, 'CallError');
    assert.ok(err instanceof CallError);
  }
});

test('recognise keeps the code of a CallError from another copy of the class (a separate chunk)', () => {
  // What the widget's SFU chunk raises: same name and code, a different class object.
  class OtherCopy extends Error {
    override name = 'CallError';
    constructor(
      readonly code: string,
      message: string,
      options?: { cause?: unknown },
    ) {
      super(message, options);
    }
  }
  const cause = new Error('token refused');
  const foreign = new OtherCopy('CALL_CREDENTIALS_FAILED', 'could not fetch livekit credentials', { cause });
  const mine = CallError.recognise(foreign);
  assert.ok(mine instanceof CallError);
  assert.equal(mine.code, 'CALL_CREDENTIALS_FAILED');
  assert.equal(mine.message, foreign.message);
  assert.equal(mine.cause, cause);

  const own = CallError.notActive();
  assert.equal(CallError.recognise(own), own, 'an own CallError is returned as it is');
  assert.equal(CallError.recognise(new OtherCopy('NOT_A_CALL_CODE', 'x')), undefined, 'unknown code');
  assert.equal(CallError.recognise(Object.assign(new Error('x'), { code: 'CALL_SFU_FAILED' })), undefined);
  assert.equal(CallError.recognise('CALL_SFU_FAILED'), undefined);
});
