import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CrypTalkError } from '../errors.js';
import { ATTACHMENT_ERROR_CODES, AttachmentError } from './errors.js';

function section(doc: string, heading: string): string {
  const start = doc.indexOf(heading);
  assert.ok(start >= 0, `docs/errors.md has no "${heading}" section`);
  const rest = doc.slice(start + heading.length);
  const next = rest.search(/\n##+ /);
  return next >= 0 ? rest.slice(0, next) : rest;
}

test('every attachments error code is in docs/errors.md "## Attachments", and every documented one exists', () => {
  const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set(
    [...section(doc, '## Attachments (`AttachmentError`').matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map(
      (m) => m[1],
    ),
  );
  for (const code of ATTACHMENT_ERROR_CODES)
    assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
  for (const code of documented) {
    assert.ok(
      (ATTACHMENT_ERROR_CODES as readonly string[]).includes(code as string),
      `${code} is not a code`,
    );
  }
  assert.equal(new Set(ATTACHMENT_ERROR_CODES).size, ATTACHMENT_ERROR_CODES.length);
});

test('factories set code, name and a safe message', () => {
  const cases: [AttachmentError, string][] = [
    [AttachmentError.tooLarge(5), 'ATTACHMENT_TOO_LARGE'],
    [AttachmentError.decryptFailed(3), 'ATTACHMENT_DECRYPT_FAILED'],
    [AttachmentError.truncated('x'), 'ATTACHMENT_TRUNCATED'],
    [AttachmentError.malformed('x'), 'ATTACHMENT_MALFORMED'],
    [AttachmentError.digestMismatch('x'), 'ATTACHMENT_DIGEST_MISMATCH'],
    [AttachmentError.notFound(), 'ATTACHMENT_NOT_FOUND'],
    [AttachmentError.quota(), 'ATTACHMENT_QUOTA'],
    [AttachmentError.rateLimited(3), 'ATTACHMENT_RATE_LIMITED'],
    [AttachmentError.http(500), 'ATTACHMENT_HTTP'],
    [AttachmentError.network(new Error('x')), 'ATTACHMENT_NETWORK'],
    [AttachmentError.aborted(), 'ATTACHMENT_ABORTED'],
    [AttachmentError.sourceChanged(), 'ATTACHMENT_SOURCE_CHANGED'],
    [AttachmentError.badResumeState('x'), 'ATTACHMENT_BAD_RESUME_STATE'],
  ];
  assert.deepEqual(cases.map(([, c]) => c).sort(), [...ATTACHMENT_ERROR_CODES].sort());
  for (const [err, code] of cases) {
    assert.equal(err.code, code);
    assert.equal(err.name, 'AttachmentError');
    assert.ok(err instanceof CrypTalkError);
  }
});
