import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { ARGON2ID_MAX, ARGON2ID_OWASP, SCRYPT_MAX, SCRYPT_OWASP } from '../limits.js';
import {
  BlindIndex,
  checkKdfParams,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  generateDatabaseKey,
  generateWrappingCryptoKey,
  meetsOwasp,
  RecordCipher,
  unwrapWithCryptoKey,
  unwrapWithPassphrase,
  wrapWithCryptoKey,
  wrapWithPassphrase,
} from './index.js';

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
const FAST_SCRYPT = { kind: 'scrypt' as const, N: 2 ** 10, r: 8, p: 1 };
const FAST_ARGON = { kind: 'argon2id' as const, m: 256, t: 1, p: 1 };

describe('at rest', () => {
  it('defaults meet OWASP: scrypt N=2^17 r=8 p=1, Argon2id m=19MiB t=2 p=1', () => {
    assert.deepEqual(SCRYPT_OWASP, { N: 2 ** 17, r: 8, p: 1 });
    assert.deepEqual(ARGON2ID_OWASP, { m: 19 * 1024, t: 2, p: 1 });
    assert.deepEqual(DEFAULT_SCRYPT_PARAMS, { kind: 'scrypt', N: 131072, r: 8, p: 1 });
    assert.deepEqual(DEFAULT_ARGON2ID_PARAMS, { kind: 'argon2id', m: 19456, t: 2, p: 1 });
    assert.ok(meetsOwasp(DEFAULT_SCRYPT_PARAMS) && meetsOwasp(DEFAULT_ARGON2ID_PARAMS));
    assert.ok(!meetsOwasp(FAST_SCRYPT) && !meetsOwasp(FAST_ARGON));
  });

  for (const params of [FAST_SCRYPT, FAST_ARGON]) {
    it(`wraps and unwraps the database key with a passphrase (${params.kind}, low test cost)`, async () => {
      const dbKey = generateDatabaseKey();
      const wrapped = await wrapWithPassphrase(dbKey, 'correct horse', { params, allowWeak: true });
      const back = await unwrapWithPassphrase(wrapped, 'correct horse', { allowWeak: true });
      assert.deepEqual(back.expose(), dbKey.expose());
      await assert.rejects(
        unwrapWithPassphrase(wrapped, 'wrong horse', { allowWeak: true }),
        code('AT_REST_UNWRAP_FAILED'),
      );
      // without allowWeak, a low-cost blob is refused (no downgrade by tampering)
      await assert.rejects(unwrapWithPassphrase(wrapped, 'correct horse'), code('AT_REST_WEAK_PARAMS'));
      const tampered = wrapped.slice();
      tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
      await assert.rejects(
        unwrapWithPassphrase(tampered, 'correct horse', { allowWeak: true }),
        code('AT_REST_UNWRAP_FAILED'),
      );
      const salted = wrapped.slice();
      salted[params.kind === 'scrypt' ? 12 : 15] = (salted[params.kind === 'scrypt' ? 12 : 15] as number) ^ 1;
      await assert.rejects(
        unwrapWithPassphrase(salted, 'correct horse', { allowWeak: true }),
        code('AT_REST_UNWRAP_FAILED'),
      );
    });
  }

  it('refuses weak parameters unless allowed', async () => {
    await assert.rejects(
      wrapWithPassphrase(generateDatabaseKey(), 'pw', { params: FAST_SCRYPT }),
      code('AT_REST_WEAK_PARAMS'),
    );
    await assert.rejects(
      wrapWithPassphrase(generateDatabaseKey(), 'pw', {
        params: { kind: 'scrypt', N: 1000, r: 8, p: 1 },
        allowWeak: true,
      }),
      code('AT_REST_MALFORMED'),
    );
  });

  it('caps scrypt cost at twice what the project writes, from a tampered header too', async () => {
    assert.deepEqual(SCRYPT_MAX, { N: 2 ** 18, memoryBytes: 256 * 1024 * 1024, p: 2 });
    checkKdfParams({ kind: 'scrypt', N: 2 ** 18, r: 8, p: 2 }); // the ceiling itself is accepted
    checkKdfParams({ kind: 'scrypt', N: 2 ** 16, r: 32, p: 1 });
    for (const params of [
      { kind: 'scrypt' as const, N: 2 ** 19, r: 1, p: 1 },
      { kind: 'scrypt' as const, N: 2 ** 17, r: 17, p: 1 },
      { kind: 'scrypt' as const, N: 2 ** 10, r: 0xffffffff, p: 1 },
      { kind: 'scrypt' as const, N: 2 ** 17, r: 8, p: 3 },
    ]) {
      assert.throws(() => checkKdfParams(params), code('AT_REST_MALFORMED'), JSON.stringify(params));
      await assert.rejects(
        wrapWithPassphrase(generateDatabaseKey(), 'pw', { params }),
        code('AT_REST_MALFORMED'),
        JSON.stringify(params),
      );
    }
    // header = 0x01 || 0x01 (scrypt) || u8 log2(N) || u32 r || u32 p || salt: raise N, then r, past the cap
    const wrapped = await wrapWithPassphrase(generateDatabaseKey(), 'pw', {
      params: FAST_SCRYPT,
      allowWeak: true,
    });
    const bigN = wrapped.slice();
    bigN[2] = 22;
    const bigR = wrapped.slice();
    bigR.set([0x7f, 0xff, 0xff, 0xff], 3);
    const started = Date.now();
    for (const t of [bigN, bigR])
      await assert.rejects(unwrapWithPassphrase(t, 'pw', { allowWeak: true }), code('AT_REST_MALFORMED'));
    assert.ok(Date.now() - started < 1000, 'rejected before running scrypt');
  });

  it('caps Argon2id cost at 256 MiB, t=8, p=4, from a tampered header too', async () => {
    assert.deepEqual(ARGON2ID_MAX, { m: 256 * 1024, t: 8, p: 4 });
    checkKdfParams({ kind: 'argon2id', m: 64 * 1024, t: 3, p: 4 }); // RFC 9106's second recommendation
    for (const params of [
      { kind: 'argon2id' as const, m: 256 * 1024 + 1, t: 2, p: 1 },
      { kind: 'argon2id' as const, m: 19 * 1024, t: 9, p: 1 },
      { kind: 'argon2id' as const, m: 19 * 1024, t: 2, p: 5 },
      { kind: 'argon2id' as const, m: 19 * 1024, t: 0xffffffff, p: 1 },
    ]) {
      assert.throws(() => checkKdfParams(params), code('AT_REST_MALFORMED'), JSON.stringify(params));
    }
    // argon2id header = 0x01 || 0x02 || u32 m || u32 t || u32 p || salt: raise m, then t, past the cap
    const wrapped = await wrapWithPassphrase(generateDatabaseKey(), 'pw', {
      params: FAST_ARGON,
      allowWeak: true,
    });
    const bigM = wrapped.slice();
    bigM.set([0x00, 0x40, 0x00, 0x00], 2);
    const bigT = wrapped.slice();
    bigT.set([0x7f, 0xff, 0xff, 0xff], 6);
    const started = Date.now();
    for (const t of [bigM, bigT])
      await assert.rejects(unwrapWithPassphrase(t, 'pw', { allowWeak: true }), code('AT_REST_MALFORMED'));
    assert.ok(Date.now() - started < 1000, 'rejected before running Argon2id');
  });

  it('wraps with a non-extractable WebCrypto key', async () => {
    const wk = await generateWrappingCryptoKey();
    assert.equal(wk.extractable, false);
    const dbKey = generateDatabaseKey();
    const wrapped = await wrapWithCryptoKey(dbKey, wk);
    assert.deepEqual((await unwrapWithCryptoKey(wrapped, wk)).expose(), dbKey.expose());
    await assert.rejects(
      unwrapWithCryptoKey(wrapped, await generateWrappingCryptoKey()),
      code('AT_REST_UNWRAP_FAILED'),
    );
    await assert.rejects(unwrapWithCryptoKey(wrapped.subarray(1), wk), code('AT_REST_MALFORMED'));
  });

  it('seals records bound to their location', () => {
    const dbKey = generateDatabaseKey();
    const rc = new RecordCipher(dbKey);
    const s = rc.seal(utf8('hello'), utf8('messages/1'));
    assert.deepEqual(rc.open(s, utf8('messages/1')), utf8('hello'));
    assert.throws(() => rc.open(s, utf8('messages/2')), code('CRYPTO_DECRYPT_FAILED'));
    assert.throws(
      () => new RecordCipher(generateDatabaseKey()).open(s, utf8('messages/1')),
      code('CRYPTO_DECRYPT_FAILED'),
    );
    assert.notDeepEqual(rc.seal(utf8('hello')), rc.seal(utf8('hello')));
    assert.throws(() => rc.open(new Uint8Array(10)), code('AT_REST_MALFORMED'));
  });

  it('blind indexes are deterministic, per field and per key', () => {
    const k = generateDatabaseKey();
    const bi = new BlindIndex(k);
    assert.deepEqual(bi.compute('email', 'a@b.c'), bi.compute('email', 'a@b.c'));
    assert.equal(bi.compute('email', 'a@b.c').length, 16);
    assert.notDeepEqual(bi.compute('email', 'a@b.c'), bi.compute('name', 'a@b.c'));
    assert.notDeepEqual(
      bi.compute('email', 'a@b.c'),
      new BlindIndex(generateDatabaseKey()).compute('email', 'a@b.c'),
    );
    // NFC normalization: composed and decomposed forms index the same
    assert.deepEqual(bi.compute('name', 'caf\u00e9'), bi.compute('name', 'cafe\u0301'));
  });
});
