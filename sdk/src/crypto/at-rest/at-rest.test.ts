import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concatBytes, lp16, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { LABEL_AT_REST_BLIND_INDEX } from '../labels.js';
import { ARGON2ID_MAX, ARGON2ID_OWASP, SCRYPT_MAX, SCRYPT_OWASP } from '../limits.js';
import { hkdfSha256, hmacSha256 } from '../primitives/index.js';
import { SecretKey } from '../secret.js';
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

  /** The construction in blind-index.ts computed directly, with none of its shortcuts. */
  const directIndex = (key: SecretKey, field: string, value: string | Uint8Array, length = 16) => {
    const fieldKey = hkdfSha256(
      key.expose(),
      new Uint8Array(0),
      concatBytes(utf8(LABEL_AT_REST_BLIND_INDEX), lp16(utf8(field))),
      32,
    );
    return hmacSha256(fieldKey, typeof value === 'string' ? utf8(value.normalize('NFC')) : value).slice(
      0,
      length,
    );
  };

  it('blind indexes keep the bytes of earlier builds (known answers), with and without the memo', () => {
    const key = new SecretKey(Uint8Array.from({ length: 32 }, (_, i) => i));
    // values written by the build before the memo moved into BlindIndex (base64url of the 16 bytes)
    const known: Array<[string, string, string]> = [
      ['room', 'room-1', '0RldmgaPvuZpwqTNVLmvnQ'],
      ['msg', '', 'Tj_Q8LZE4FTdRtKoCv-MnQ'],
      ['pk:kv', 'x'.repeat(300), '37eH_q3fthygHmMSo8VoBw'],
      ['champ\u00e9', 'caf\u00e9', 'dcJpK5BrOFCMjuKBEvl8zQ'],
      ['room', 'cafe\u0301', 'Y7k85rbNQiJRa5NI1QzBfg'],
    ];
    for (const memo of [0, 4]) {
      const bi = new BlindIndex(key, 16, memo);
      for (let round = 0; round < 2; round++) {
        for (const [field, value, b64] of known) {
          const id = `memo ${memo} round ${round} ${field} ${value.slice(0, 8)}`;
          assert.equal(Buffer.from(bi.compute(field, value)).toString('base64url'), b64, id);
          assert.deepEqual(bi.compute(field, value), directIndex(key, field, value), id);
        }
      }
      bi.destroy();
    }
  });

  it('blind indexes match the direct construction for any field and value, lengths 8..32, memo or not', () => {
    const key = generateDatabaseKey();
    const values = [
      '',
      'a'.repeat(64),
      'b'.repeat(65),
      `${'y'.repeat(63)}\u00e9`,
      '\u{1f600} emoji',
      'cafe\u0301',
      '\u0000',
    ];
    for (const length of [8, 16, 32]) {
      const plain = new BlindIndex(key, length);
      const memo = new BlindIndex(key, length, 2);
      for (const field of ['room', 'msg', '', 'a\u0000b']) {
        for (const value of values) {
          const id = `${length} ${JSON.stringify(field)} ${JSON.stringify(value.slice(0, 8))}`;
          const expected = directIndex(key, field, value, length);
          assert.deepEqual(plain.compute(field, value), expected, id);
          assert.deepEqual(memo.compute(field, value), expected, id);
          assert.deepEqual(memo.compute(field, value), expected, `${id} (again)`);
        }
        assert.deepEqual(
          plain.compute(field, utf8('caf\u00e9')),
          directIndex(key, field, utf8('caf\u00e9'), length),
        );
      }
      plain.destroy();
      memo.destroy();
    }
    key.destroy();
  });

  it('the blind-index memo keeps fields apart, stays correct past its size, and hands out copies', () => {
    const key = generateDatabaseKey();
    const bi = new BlindIndex(key, 16, 8);
    // field + value pairs that would join into the same text
    assert.notDeepEqual(bi.compute('a', 'bc'), bi.compute('ab', 'c'));
    assert.notDeepEqual(bi.compute('a\u0000', 'b'), bi.compute('a', '\u0000b'));
    assert.deepEqual(bi.compute('a', 'bc'), directIndex(key, 'a', 'bc'));
    const kept = bi.compute('room', 'kept');
    for (let i = 0; i < 100; i++) {
      assert.deepEqual(bi.compute('msg', `id-${i}`), directIndex(key, 'msg', `id-${i}`), `id-${i}`);
      assert.deepEqual(bi.compute('room', 'kept'), kept, `kept after ${i}`);
    }
    for (const i of [0, 50, 99])
      assert.deepEqual(bi.compute('msg', `id-${i}`), directIndex(key, 'msg', `id-${i}`));
    // a caller writing into a result does not change what the memo returns next
    const mine = bi.compute('room', 'kept');
    mine.fill(0);
    assert.deepEqual(bi.compute('room', 'kept'), kept);
    bi.destroy();
    assert.throws(() => bi.compute('room', 'kept'), code('CRYPTO_KEY_DESTROYED'));
    assert.throws(() => new BlindIndex(key, 16, -1), RangeError);
    assert.throws(() => new BlindIndex(key, 7), RangeError);
    key.destroy();
  });
});
