import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, fromHex, toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { useBackend } from '../test-backends.js';
import { ed25519EdgeCases, leToNumber, numberToLe } from '../test-ed25519-cases.js';
import { ed25519WycheproofCases, loadVectorFile, type WycheproofFile } from '../test-vectors.js';
import { aeadOpen, aeadSeal, aeadSealInto, namedAeadOpen, namedAeadSeal } from './aead.js';
import { AeadSuite, type NamedAead } from './aead-base.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify, generateEd25519 } from './ed25519.js';
import {
  hkdfExpand,
  hkdfExtract,
  hkdfSha256,
  hmacSha256,
  hmacSha256Keyed,
  hmacSha256Verify,
  hmacSha512,
} from './kdf.js';
import { activeCryptoBackend, type CryptoBackendChoice, setCryptoBackend } from './native.js';
import {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  ed25519VerifyAsync,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from './platform-curves.js';
import { randomBytes } from './random.js';
import { generateX25519, x25519Dh, x25519PublicKey } from './x25519.js';

/** The outcome of `fn` as a comparable string: output hex, boolean, or the error's class and code. */
function outcome(fn: () => unknown): string {
  try {
    const r = fn();
    return r instanceof Uint8Array ? toHex(r) : String(r);
  } catch (e) {
    return e instanceof CryptoError ? `CryptoError:${e.code}` : `${(e as Error).name}`;
  }
}

/** {@link outcome} of an asynchronous `fn`. */
async function outcomeAsync(fn: () => Promise<unknown>): Promise<string> {
  try {
    const r = await fn();
    return r instanceof Uint8Array ? toHex(r) : String(r);
  } catch (e) {
    return e instanceof CryptoError ? `CryptoError:${e.code}` : `${(e as Error).name}`;
  }
}

/** Runs `fn` on both backends and asserts the same outcome; returns it. */
function same(fn: () => unknown, what: string): string {
  useBackend('native');
  const n = outcome(fn);
  useBackend('js');
  const j = outcome(fn);
  assert.equal(n, j, `${what}: native and js differ`);
  return n;
}

describe('native and js backends agree case by case', () => {
  after(() => setCryptoBackend('auto'));

  it('the default backend on Node is native', () => {
    setCryptoBackend('auto');
    assert.equal(activeCryptoBackend(), 'native');
    assert.throws(() => setCryptoBackend('native' as 'auto'), TypeError);
  });

  it('AEAD: every Wycheproof AES-GCM (256-bit key), ChaCha20-Poly1305 and XChaCha20-Poly1305 case, seal and open', () => {
    let ran = 0;
    for (const [file, suite] of [
      ['wycheproof/aes_gcm_test.json', AeadSuite.AES_256_GCM],
      ['wycheproof/chacha20_poly1305_test.json', AeadSuite.CHACHA20_POLY1305],
      ['wycheproof/xchacha20_poly1305_test.json', AeadSuite.XCHACHA20_POLY1305],
    ] as const) {
      const data =
        loadVectorFile<
          WycheproofFile<{
            keySize: number;
            tests: {
              tcId: number;
              key: string;
              iv: string;
              aad: string;
              msg: string;
              ct: string;
              tag: string;
            }[];
          }>
        >(file);
      for (const g of data.testGroups) {
        if (g.keySize !== 256) continue;
        for (const t of g.tests) {
          ran++;
          const [key, iv, aad, msg] = [t.key, t.iv, t.aad, t.msg].map(fromHex) as Uint8Array[];
          const sealed = fromHex(t.ct + t.tag);
          same(
            () => aeadOpen(suite, key as Uint8Array, iv as Uint8Array, sealed, aad),
            `${file} ${t.tcId} open`,
          );
          same(
            () => aeadSeal(suite, key as Uint8Array, iv as Uint8Array, msg as Uint8Array, aad),
            `${file} ${t.tcId} seal`,
          );
        }
      }
    }
    assert.equal(ran, 105 + 325 + 315);
  });

  it('AEAD of MLS/HPKE ciphersuites (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305): random inputs and forgeries', () => {
    let ran = 0;
    for (const name of ['AES128GCM', 'AES256GCM', 'CHACHA20POLY1305'] as NamedAead[]) {
      for (let len = 0; len < 70; len += 7) {
        const key = randomBytes(name === 'AES128GCM' ? 16 : 32);
        const nonce = randomBytes(12);
        const pt = randomBytes(len);
        const aad = randomBytes(len % 3 ? len : 0);
        const ct = same(() => namedAeadSeal(name, key, nonce, pt, aad), `${name} seal ${len}`);
        const sealed = fromHex(ct);
        assert.equal(
          same(() => namedAeadOpen(name, key, nonce, sealed, aad), `${name} open`),
          toHex(pt),
        );
        sealed[len % sealed.length] = (sealed[len % sealed.length] as number) ^ 1;
        assert.equal(
          same(() => namedAeadOpen(name, key, nonce, sealed, aad), `${name} forged`),
          'CryptoError:CRYPTO_DECRYPT_FAILED',
        );
        assert.equal(
          same(() => namedAeadOpen(name, key, nonce, sealed.subarray(0, 15), aad), 'short'),
          'CryptoError:CRYPTO_DECRYPT_FAILED',
        );
        ran++;
      }
      same(() => namedAeadSeal(name, randomBytes(24), randomBytes(12), randomBytes(1)), `${name} bad key`);
    }
    assert.equal(ran, 30);
  });

  it('XChaCha20-Poly1305 (at rest): random lengths across block boundaries, unaligned views and forgeries', () => {
    let ran = 0;
    const suite = AeadSuite.XCHACHA20_POLY1305;
    for (const len of [0, 1, 15, 16, 63, 64, 65, 127, 128, 129, 1000, 1024, 4097]) {
      // inputs as views at odd offsets of larger buffers, as records and AADs sliced out of a file are
      const view = (n: number) => randomBytes(n + 3).subarray(1, n + 1);
      const key = view(32);
      const nonce = view(24);
      const pt = view(len);
      const aad = view(len % 5 ? 41 : 0);
      const [keyHex, nonceHex] = [toHex(key), toHex(nonce)];
      const sealedHex = same(() => aeadSeal(suite, key, nonce, pt, aad), `seal ${len}`);
      assert.equal(sealedHex.length, 2 * (len + 16), `length ${len}`);
      const sealed = fromHex(sealedHex);
      assert.equal(
        same(() => aeadOpen(suite, key, nonce, sealed, aad), `open ${len}`),
        toHex(pt),
      );
      assert.equal(toHex(key) + toHex(nonce), keyHex + nonceHex, `inputs untouched ${len}`);
      // a flipped bit anywhere (ciphertext, tag, AAD, either part of the nonce, key) is refused on both
      const forged = (what: string, sealedX: Uint8Array, nonceX: Uint8Array, aadX: Uint8Array, keyX = key) =>
        assert.equal(
          same(() => aeadOpen(suite, keyX, nonceX, sealedX, aadX), `${what} ${len}`),
          'CryptoError:CRYPTO_DECRYPT_FAILED',
          `${what} ${len}`,
        );
      const flip = (b: Uint8Array, i: number) => {
        const c = b.slice();
        c[i] = (c[i] as number) ^ 0x80;
        return c;
      };
      forged('tag', flip(sealed, sealed.length - 1), nonce, aad);
      if (len) forged('ciphertext', flip(sealed, len >> 1), nonce, aad);
      if (aad.length) forged('aad', sealed, nonce, flip(aad, 7));
      forged('nonce prefix (HChaCha20 input)', sealed, flip(nonce, 3), aad);
      forged('nonce suffix (ChaCha20 nonce)', sealed, flip(nonce, 20), aad);
      forged('key', sealed, nonce, aad, flip(key, 31));
      forged('short', sealed.subarray(0, 15), nonce, aad);
      ran++;
    }
    assert.equal(ran, 13);
  });

  it('X25519: every Wycheproof case, and random key pairs', () => {
    const data = loadVectorFile<
      WycheproofFile<{ tests: { tcId: number; public: string; private: string; shared: string }[] }>
    >('wycheproof/x25519_test.json');
    let ran = 0;
    let weak = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const r = same(() => x25519Dh(fromHex(t.private), fromHex(t.public)), `x25519 tcId ${t.tcId}`);
        if (r === 'CryptoError:CRYPTO_WEAK_DH') weak++;
        else assert.equal(r, t.shared, `tcId ${t.tcId}`);
        same(() => x25519PublicKey(fromHex(t.private)), `x25519 public of tcId ${t.tcId}`);
      }
    }
    assert.equal(ran, 518);
    assert.equal(weak, 31);
    for (let i = 0; i < 10; i++) {
      const a = generateX25519();
      const b = generateX25519();
      same(() => x25519Dh(a.secretKey, b.publicKey), 'random dh');
      same(() => x25519PublicKey(a.secretKey), 'random public');
      assert.deepEqual(x25519Dh(a.secretKey, b.publicKey, a.publicKey), x25519Dh(b.secretKey, a.publicKey));
    }
    same(() => x25519Dh(new Uint8Array(31), new Uint8Array(32)), 'short secret');
    same(() => x25519Dh(new Uint8Array(32), new Uint8Array(33)), 'long public');
  });

  it('Ed25519: every Wycheproof case, and signatures of random keys', () => {
    const cases = ed25519WycheproofCases();
    for (const { tcId, pk, msg, sig, valid } of cases) {
      const r = same(() => ed25519Verify(pk, msg, sig), `ed25519 tcId ${tcId}`);
      assert.equal(r, String(valid), `tcId ${tcId}`);
    }
    assert.equal(cases.length, 151);
    for (let i = 0; i < 10; i++) {
      const seed = randomBytes(32);
      const msg = randomBytes(i * 13);
      same(() => ed25519PublicKey(seed), 'public');
      const sig = fromHex(same(() => ed25519Sign(seed, msg), 'deterministic signature'));
      assert.equal(
        same(() => ed25519Verify(ed25519PublicKey(seed), msg, sig), 'verify'),
        'true',
      );
    }
  });

  it('Ed25519 strictness: non-canonical, small-order and x = 0 keys, S >= L, torsion in R: same verdicts', () => {
    const kp = generateEd25519();
    const msg = randomBytes(40);
    const sig = ed25519Sign(kp.secretKey, msg);
    const verdict = (pk: Uint8Array, s: Uint8Array) => same(() => ed25519Verify(pk, msg, s), toHex(pk));
    assert.equal(verdict(kp.publicKey, sig), 'true');
    // S + L: same point equation, rejected by the S < L rule
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const sPlusL = numberToLe(leToNumber(sig.subarray(32)) + L);
    assert.equal(verdict(kp.publicKey, concatBytes(sig.subarray(0, 32), sPlusL)), 'false');
    // small-order and non-canonical public keys with a signature that would satisfy OpenSSL's equation
    const identity = fromHex('0100000000000000000000000000000000000000000000000000000000000000');
    const idSig = concatBytes(ed25519.Point.BASE.multiply(5n).toBytes(), numberToLe(5n));
    assert.equal(verdict(identity, idSig), 'false', 'identity key');
    const yOnePlusP = fromHex('eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'); // y = p + 1 ≡ 1
    assert.equal(verdict(yOnePlusP, idSig), 'false', 'non-canonical identity');
    const xZeroSign = fromHex('0100000000000000000000000000000000000000000000000000000000000080');
    assert.equal(verdict(xZeroSign, idSig), 'false', 'x = 0 with sign bit');
    const order2 = fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
    assert.equal(verdict(order2, idSig), 'false', 'order-2 key');
    // R with a torsion component: noble's cofactored equation holds, OpenSSL's cofactorless one does not, so
    // the native path must fall back and accept exactly as noble does
    const { scalar: a, pointBytes: A } = ed25519.utils.getExtendedPublicKey(kp.secretKey);
    const T = ed25519.Point.fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
    const r = 123456789n;
    const R = ed25519.Point.BASE.multiply(r).add(T).toBytes();
    const k = leToNumber(sha512(concatBytes(R, A, msg))) % L;
    const S = (r + k * a) % L;
    assert.equal(verdict(A, concatBytes(R, numberToLe(S))), 'true', 'torsion in R (cofactored equation)');
  });

  it('HKDF-SHA256 and HMAC-SHA256: every Wycheproof case; extract and expand at every length to 100', () => {
    const hkdf = loadVectorFile<
      WycheproofFile<{ tests: { tcId: number; ikm: string; salt: string; info: string; size: number }[] }>
    >('wycheproof/hkdf_sha256_test.json');
    let ran = 0;
    for (const g of hkdf.testGroups)
      for (const t of g.tests) {
        ran++;
        same(() => hkdfSha256(fromHex(t.ikm), fromHex(t.salt), fromHex(t.info), t.size), `hkdf ${t.tcId}`);
      }
    const hmac = loadVectorFile<
      WycheproofFile<{ tests: { tcId: number; key: string; msg: string; tag: string }[] }>
    >('wycheproof/hmac_sha256_test.json');
    for (const g of hmac.testGroups)
      for (const t of g.tests) {
        ran++;
        same(() => hmacSha256Verify(fromHex(t.key), fromHex(t.msg), fromHex(t.tag)), `hmac verify ${t.tcId}`);
        same(() => hmacSha256(fromHex(t.key), fromHex(t.msg)), `hmac ${t.tcId}`);
      }
    assert.equal(ran, 86 + 174);
    const prk = randomBytes(32);
    const info = randomBytes(20);
    for (let len = 0; len <= 100; len++) same(() => hkdfExpand(prk, info, len), `expand ${len}`);
    same(() => hkdfExpand(prk, info, 8160), 'expand max');
    same(() => hkdfExpand(prk, info, 8161), 'expand too long');
    same(() => hkdfExpand(prk.subarray(0, 31), info, 32), 'short prk');
    const ikm = randomBytes(50);
    const salt = randomBytes(100);
    same(() => hkdfExtract(ikm, new Uint8Array(0)), 'extract, empty salt');
    same(() => hkdfExtract(ikm, salt), 'extract, long salt');
  });

  it('AEAD seal into a buffer: the same bytes as seal, at the offset, for every suite; no room is a RangeError', () => {
    let ran = 0;
    for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305, AeadSuite.XCHACHA20_POLY1305])
      for (const length of [0, 1, 40, 200]) {
        ran++;
        const key = randomBytes(32);
        const nonce = randomBytes(suite === AeadSuite.XCHACHA20_POLY1305 ? 24 : 12);
        const pt = randomBytes(length);
        const aad = randomBytes(length + 3);
        const sealed = same(() => aeadSeal(suite, key, nonce, pt, aad), `seal ${suite}/${length}`);
        const into = same(() => {
          const dest = new Uint8Array(5 + length + 16 + 2).fill(0xee);
          aeadSealInto(suite, key, nonce, pt, aad, dest, 5);
          return dest;
        }, `seal into ${suite}/${length}`);
        assert.equal(into, `eeeeeeeeee${sealed}eeee`, `suite ${suite} length ${length}`);
        const small = new Uint8Array(length + 15);
        assert.equal(
          same(() => aeadSealInto(suite, key, nonce, pt, aad, small, 0), `no room ${suite}/${length}`),
          'RangeError',
        );
      }
    assert.equal(ran, 12);
  });

  it('keyed HMAC-SHA256 written in place: the prefix of the tag at the offset; bad lengths are RangeErrors', () => {
    let ran = 0;
    for (const length of [0, 12, 24, 32]) {
      ran++;
      const key = randomBytes(32);
      const msg = randomBytes(4);
      const tag = same(() => hmacSha256(key, msg), `tag ${length}`);
      const into = same(() => {
        const keyed = hmacSha256Keyed(key);
        const dest = new Uint8Array(3 + length + 2).fill(0xee);
        keyed.macPublicInto(msg, dest, 3, length);
        keyed.destroy();
        return dest;
      }, `into ${length}`);
      assert.equal(into, `eeeeee${tag.slice(0, 2 * length)}eeee`, `length ${length}`);
    }
    for (const [offset, length, size] of [
      [0, 33, 40],
      [0, -1, 40],
      [30, 12, 40],
      [-1, 12, 40],
    ] as const)
      assert.equal(
        same(
          () =>
            hmacSha256Keyed(randomBytes(32)).macPublicInto(
              new Uint8Array(4),
              new Uint8Array(size),
              offset,
              length,
            ),
          `bad ${offset}/${length}`,
        ),
        'RangeError',
      );
    assert.equal(ran, 4);
  });

  it('HMAC-SHA512: keys and messages of every length around the 128-byte block', () => {
    let ran = 0;
    for (const keyLength of [0, 1, 32, 64, 127, 128, 129, 300])
      for (const msgLength of [0, 1, 25, 111, 112, 128, 129, 1000]) {
        ran++;
        const key = randomBytes(keyLength);
        const msg = randomBytes(msgLength);
        const tag = same(() => hmacSha512(key, msg), `hmac-sha512 key ${keyLength} msg ${msgLength}`);
        assert.equal(tag.length, 128, `key ${keyLength} msg ${msgLength}`);
      }
    assert.equal(ran, 64);
  });
});

/**
 * The asynchronous functions on each of their paths: `auto` (the native backend, through the lazily loaded
 * synchronous wrappers), `web` (WebCrypto, as in a browser) and `js` (noble, lazily loaded), against the
 * synchronous noble reference, case by case.
 */
describe('the asynchronous curve functions give the synchronous answers on every path', () => {
  after(() => setCryptoBackend('auto'));
  const x25519Cases = loadVectorFile<
    WycheproofFile<{ tests: { tcId: number; public: string; private: string; shared: string }[] }>
  >('wycheproof/x25519_test.json').testGroups.flatMap((g) => g.tests);
  const ed25519Cases = loadVectorFile<
    WycheproofFile<{
      publicKey: { pk: string };
      tests: { tcId: number; msg: string; sig: string; result: string }[];
    }>
  >('wycheproof/ed25519_test.json').testGroups.flatMap((g) =>
    g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })),
  );
  const edge = [0, 1, 2].flatMap((i) => ed25519EdgeCases(randomBytes(32), randomBytes(i * 33)));
  const seeds = Array.from({ length: 6 }, (_, i) => ({ seed: randomBytes(32), msg: randomBytes(i * 29) }));

  for (const choice of ['auto', 'web', 'js'] as const satisfies readonly CryptoBackendChoice[]) {
    it(`${choice}: every Wycheproof X25519 and Ed25519 case, the crafted Ed25519 edges, keys and signatures`, async () => {
      let ran = 0;
      for (const t of x25519Cases) {
        const [priv, pub] = [fromHex(t.private), fromHex(t.public)];
        setCryptoBackend('js');
        const want = outcome(() => x25519Dh(priv, pub));
        const wantPub = outcome(() => x25519PublicKey(priv));
        setCryptoBackend(choice);
        assert.equal(await outcomeAsync(() => x25519DhAsync(priv, pub)), want, `x25519 tcId ${t.tcId}`);
        assert.equal(await outcomeAsync(() => x25519PublicKeyAsync(priv)), wantPub, `public tcId ${t.tcId}`);
        ran++;
      }
      for (const t of ed25519Cases) {
        const [pk, msg, sig] = [fromHex(t.pk), fromHex(t.msg), fromHex(t.sig)];
        setCryptoBackend(choice);
        const got = await ed25519VerifyAsync(pk, msg, sig);
        assert.equal(got, t.result === 'valid', `ed25519 tcId ${t.tcId}`);
        ran++;
      }
      for (const c of edge) {
        setCryptoBackend(choice);
        assert.equal(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), c.valid, c.name);
        ran++;
      }
      for (const { seed, msg } of seeds) {
        setCryptoBackend('js');
        const [pub, sig] = [ed25519PublicKey(seed), ed25519Sign(seed, msg)];
        setCryptoBackend(choice);
        assert.deepEqual(await ed25519PublicKeyAsync(seed), pub);
        assert.deepEqual(await ed25519SignAsync(seed, msg), sig);
        assert.equal(await ed25519VerifyAsync(pub, msg, sig), true);
      }
      assert.equal(ran, 518 + 151 + edge.length);
    });
  }
});
