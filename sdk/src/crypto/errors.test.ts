import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  AtRestError,
  AuthError,
  CRYPTO_ERROR_CODES,
  CryptoError,
  GroupError,
  HandshakeError,
  RatchetError,
} from './errors.js';
import { REPO_ROOT } from './test-vectors.js';

describe('crypto error codes', () => {
  it('every code is in docs/errors.md "## Crypto" and every documented code exists', () => {
    const file = path.join(REPO_ROOT, 'docs/errors.md');
    const doc = readFileSync(file, 'utf8');
    const start = doc.indexOf('## Crypto');
    assert.ok(start >= 0, `${file} has no "## Crypto" section`);
    const rest = doc.slice(start + 1);
    const next = rest.search(/\n## /);
    const section = next >= 0 ? rest.slice(0, next) : rest;
    const documented = new Set([...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((m) => m[1]));
    for (const code of CRYPTO_ERROR_CODES)
      assert.ok(documented.has(code), `${code} missing from docs/errors.md`);
    for (const code of documented) {
      assert.ok((CRYPTO_ERROR_CODES as readonly string[]).includes(code as string), `${code} is not a code`);
    }
    assert.equal(new Set(CRYPTO_ERROR_CODES).size, CRYPTO_ERROR_CODES.length, 'codes are unique');
  });

  it('factories set code, name and class', () => {
    const cases: [CryptoError, string, string][] = [
      [CryptoError.decryptFailed(), 'CRYPTO_DECRYPT_FAILED', 'CryptoError'],
      [AuthError.badProof(), 'AUTH_BAD_PROOF', 'AuthError'],
      [HandshakeError.unknownPrekey('one-time'), 'HANDSHAKE_UNKNOWN_PREKEY', 'HandshakeError'],
      [RatchetError.tooManySkipped(5000, 1000), 'RATCHET_TOO_MANY_SKIPPED', 'RatchetError'],
      [GroupError.wrongEpoch(3n, 4n), 'GROUP_WRONG_EPOCH', 'GroupError'],
      [AtRestError.unwrapFailed(), 'AT_REST_UNWRAP_FAILED', 'AtRestError'],
    ];
    for (const [err, code, name] of cases) {
      assert.equal(err.code, code);
      assert.equal(err.name, name);
      assert.ok(err instanceof CryptoError);
    }
    assert.match(RatchetError.tooManySkipped(5000, 1000).message, /5000.*1000/);
  });
});
