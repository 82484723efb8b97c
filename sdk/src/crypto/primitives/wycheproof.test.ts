import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromHex, toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { describeBackends } from '../test-backends.js';
import { ed25519WycheproofCases, loadVectorFile, VECTORS_DIR, type WycheproofFile } from '../test-vectors.js';
import { aeadOpen, aeadSeal } from './aead.js';
import {
  AeadSuite,
  type NamedAead,
  namedAeadOpenAsync,
  namedAeadSealAsync,
  xchachaOpen,
  xchachaSeal,
} from './aead-base.js';
import { ed25519Verify } from './ed25519.js';
import { hkdfSha256, hmacSha256, hmacSha256Verify } from './kdf.js';
import { generateMlKem768, loadMlKem768, mlKem768Decapsulate, mlKem768Encapsulate } from './ml-kem.js';
import { setCryptoBackend } from './native.js';
import { x25519Dh } from './x25519.js';

interface AeadCase {
  tcId: number;
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface AeadGroup {
  keySize: number;
  ivSize: number;
  tagSize: number;
  tests: AeadCase[];
}

/** The seal and open under test: a suite's, or one pair of the suite-specific functions. */
interface AeadPair {
  seal(key: Uint8Array, iv: Uint8Array, msg: Uint8Array, aad: Uint8Array): Uint8Array | Promise<Uint8Array>;
  open(key: Uint8Array, iv: Uint8Array, ct: Uint8Array, aad: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

const suitePair = (suite: number): AeadPair => ({
  seal: (key, iv, msg, aad) => aeadSeal(suite, key, iv, msg, aad),
  open: (key, iv, ct, aad) => aeadOpen(suite, key, iv, ct, aad),
});

/**
 * Runs every case of an AEAD file with `keyBits` keys through a seal/open pair of our wrappers (awaited when
 * they return promises); returns how many ran.
 */
async function runAead(file: string, pair: AeadPair, nonceBits: number, keyBits: number): Promise<number> {
  let ran = 0;
  const settle = async <T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> => {
    try {
      const value = fn();
      return { value: value instanceof Promise ? await value : value };
    } catch (error) {
      return { error };
    }
  };
  const data = loadVectorFile<WycheproofFile<AeadGroup>>(file);
  for (const g of data.testGroups) {
    if (g.keySize !== keyBits) continue;
    for (const t of g.tests) {
      ran++;
      const key = fromHex(t.key);
      const iv = fromHex(t.iv);
      const aad = fromHex(t.aad);
      const msg = fromHex(t.msg);
      const sealed = fromHex(t.ct + t.tag);
      const opened = await settle(() => pair.open(key, iv, sealed, aad));
      if (g.ivSize !== nonceBits || g.tagSize !== 128) {
        // Our wrappers only accept the suite's nonce length; other sizes must be refused, never processed.
        assert.ok(opened.error instanceof RangeError, `tcId ${t.tcId}`);
        continue;
      }
      if (t.result === 'valid') {
        const seal = await settle(() => pair.seal(key, iv, msg, aad));
        assert.equal(seal.value && toHex(seal.value), t.ct + t.tag, `tcId ${t.tcId} seal`);
        assert.equal(opened.value && toHex(opened.value), t.msg, `tcId ${t.tcId} open`);
      } else {
        assert.ok(
          opened.error instanceof CryptoError && opened.error.code === 'CRYPTO_DECRYPT_FAILED',
          `tcId ${t.tcId} must be rejected`,
        );
      }
    }
  }
  return ran;
}

const namedPair = (name: NamedAead): AeadPair => ({
  seal: (key, iv, msg, aad) => namedAeadSealAsync(name, key, iv, msg, aad),
  open: (key, iv, ct, aad) => namedAeadOpenAsync(name, key, iv, ct, aad),
});

// The MLS provider's AEADs: native in Node, WebCrypto's AES-GCM in a browser ('web'), noble's loaded on first
// use with the 'js' choice (a platform without WebCrypto).
for (const choice of ['auto', 'web', 'js'] as const) {
  describe(`Wycheproof through the asynchronous named AEADs [${choice}]`, () => {
    before(() => setCryptoBackend(choice));
    after(() => setCryptoBackend('auto'));
    const file = 'wycheproof/aes_gcm_test.json';
    it('AES-128-GCM: every 128-bit-key case', async () => {
      assert.equal(await runAead(file, namedPair('AES128GCM'), 96, 128), 108);
    });
    it('AES-256-GCM: every 256-bit-key case', async () => {
      assert.equal(await runAead(file, namedPair('AES256GCM'), 96, 256), 105);
    });
    it('ChaCha20-Poly1305: every case', async () => {
      const chacha = 'wycheproof/chacha20_poly1305_test.json';
      assert.equal(await runAead(chacha, namedPair('CHACHA20POLY1305'), 96, 256), 325);
    });
  });
}

describeBackends('Wycheproof through the project wrappers', () => {
  before(() => loadMlKem768());
  it('a missing vector file fails and names its path', () => {
    assert.throws(
      () => loadVectorFile('wycheproof/no_such_file.json'),
      (e: unknown) => e instanceof Error && e.message.includes(`${VECTORS_DIR}/wycheproof/no_such_file.json`),
    );
  });

  it('AES-256-GCM: every 256-bit-key case', async () => {
    assert.equal(
      await runAead('wycheproof/aes_gcm_test.json', suitePair(AeadSuite.AES_256_GCM), 96, 256),
      105,
    );
  });

  it('ChaCha20-Poly1305: every case', async () => {
    assert.equal(
      await runAead(
        'wycheproof/chacha20_poly1305_test.json',
        suitePair(AeadSuite.CHACHA20_POLY1305),
        96,
        256,
      ),
      325,
    );
  });

  it('XChaCha20-Poly1305: every case, through the suite and through xchachaSeal/xchachaOpen', async () => {
    const file = 'wycheproof/xchacha20_poly1305_test.json';
    assert.equal(await runAead(file, suitePair(AeadSuite.XCHACHA20_POLY1305), 192, 256), 315);
    assert.equal(await runAead(file, { seal: xchachaSeal, open: xchachaOpen }, 192, 256), 315);
  });

  it('X25519: every case; all-zero shared secrets rejected', () => {
    const data = loadVectorFile<
      WycheproofFile<{
        tests: {
          tcId: number;
          public: string;
          private: string;
          shared: string;
          result: string;
          flags: string[];
        }[];
      }>
    >('wycheproof/x25519_test.json');
    let ran = 0;
    let rejected = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const pub = fromHex(t.public);
        const priv = fromHex(t.private);
        if (/^0+$/.test(t.shared)) {
          assert.ok(t.flags.includes('ZeroSharedSecret'), `tcId ${t.tcId}`);
          assert.throws(
            () => x25519Dh(priv, pub),
            (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH',
            `tcId ${t.tcId} must be rejected`,
          );
          rejected++;
        } else {
          // valid and acceptable (twist, non-canonical u) cases compute per RFC 7748 §5
          assert.equal(toHex(x25519Dh(priv, pub)), t.shared, `tcId ${t.tcId}`);
        }
      }
    }
    assert.equal(ran, 518);
    assert.equal(rejected, 31);
  });

  it('Ed25519: every case (strict RFC 8032 verification)', () => {
    const cases = ed25519WycheproofCases();
    for (const { tcId, pk, msg, sig, valid } of cases)
      assert.equal(ed25519Verify(pk, msg, sig), valid, `tcId ${tcId}`);
    assert.equal(cases.length, 151);
  });

  it('HKDF-SHA256: every case', () => {
    const data = loadVectorFile<
      WycheproofFile<{
        tests: {
          tcId: number;
          ikm: string;
          salt: string;
          info: string;
          size: number;
          okm: string;
          result: string;
        }[];
      }>
    >('wycheproof/hkdf_sha256_test.json');
    let ran = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const run = () => hkdfSha256(fromHex(t.ikm), fromHex(t.salt), fromHex(t.info), t.size);
        if (t.result === 'valid') assert.equal(toHex(run()), t.okm, `tcId ${t.tcId}`);
        else assert.throws(run, RangeError, `tcId ${t.tcId}`);
      }
    }
    assert.equal(ran, 86);
  });

  it('HMAC-SHA256: every case (full and truncated tags)', () => {
    const data = loadVectorFile<
      WycheproofFile<{
        tagSize: number;
        tests: { tcId: number; key: string; msg: string; tag: string; result: string }[];
      }>
    >('wycheproof/hmac_sha256_test.json');
    let ran = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const key = fromHex(t.key);
        const msg = fromHex(t.msg);
        const tag = fromHex(t.tag);
        const ok = hmacSha256Verify(key, msg, tag);
        assert.equal(ok, t.result === 'valid', `tcId ${t.tcId}`);
        if (t.result === 'valid' && g.tagSize === 256) assert.equal(toHex(hmacSha256(key, msg)), t.tag);
      }
    }
    assert.equal(ran, 174);
  });

  it('ML-KEM-768: every case (keygen from seed, decapsulation, malformed ciphertexts)', () => {
    const data = loadVectorFile<
      WycheproofFile<{
        tests: { tcId: number; seed: string; ek?: string; c: string; K: string; result: string }[];
      }>
    >('wycheproof/mlkem_768_test.json');
    let ran = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const seed = fromHex(t.seed);
        if (t.ek === undefined) {
          // "Private key too short/long": a seed of the wrong length is refused
          assert.equal(t.result, 'invalid', `tcId ${t.tcId}`);
          assert.throws(() => generateMlKem768(seed), RangeError, `tcId ${t.tcId}`);
          continue;
        }
        const kp = generateMlKem768(seed);
        assert.equal(toHex(kp.publicKey), t.ek, `tcId ${t.tcId} ek`);
        const c = fromHex(t.c);
        if (t.result === 'valid') {
          assert.equal(toHex(mlKem768Decapsulate(c, kp.secretKey)), t.K, `tcId ${t.tcId} K`);
        } else {
          assert.throws(
            () => mlKem768Decapsulate(c, kp.secretKey),
            (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_INVALID_INPUT',
            `tcId ${t.tcId}`,
          );
        }
      }
    }
    assert.equal(ran, 193);
    const kp = generateMlKem768();
    const enc = mlKem768Encapsulate(kp.publicKey);
    assert.deepEqual(mlKem768Decapsulate(enc.ciphertext, kp.secretKey), enc.sharedSecret);
  });
});
