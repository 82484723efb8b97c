import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromHex, toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { loadVectorFile, type WycheproofFile } from '../test-vectors.js';
import { ed25519Sign, ed25519Verify, generateEd25519 } from './ed25519.js';
import { setCryptoBackend } from './native.js';
import {
  ed25519VerifyAsync,
  generateX25519Async,
  platformCurveSupport,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from './platform-curves.js';
import { randomBytes } from './random.js';
import { generateX25519, x25519Dh, x25519PublicKey } from './x25519.js';

const weak = (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH';

describe('platform (WebCrypto) curve fast path agrees with noble', () => {
  // what a browser runs: noble synchronously, WebCrypto for these functions
  before(() => setCryptoBackend('web'));
  after(() => setCryptoBackend('auto'));

  it('Node offers WebCrypto X25519 and Ed25519, so the fast path is what these tests exercise', async () => {
    assert.deepEqual(await platformCurveSupport(), { x25519: true, ed25519: true });
  });

  it('X25519: RFC 7748 §6.1 example', async () => {
    const a = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const b = fromHex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    assert.equal(
      toHex(await x25519PublicKeyAsync(a)),
      '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    );
    assert.equal(
      toHex(await x25519DhAsync(a, await x25519PublicKeyAsync(b))),
      '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
    );
  });

  it('X25519: every Wycheproof case gives the same answer as the noble path', async () => {
    const data = loadVectorFile<
      WycheproofFile<{ tests: { tcId: number; public: string; private: string; shared: string }[] }>
    >('wycheproof/x25519_test.json');
    let ran = 0;
    let rejected = 0;
    for (const g of data.testGroups) {
      for (const t of g.tests) {
        ran++;
        const pub = fromHex(t.public);
        const priv = fromHex(t.private);
        if (/^0+$/.test(t.shared)) {
          await assert.rejects(x25519DhAsync(priv, pub), weak, `tcId ${t.tcId} must be rejected`);
          assert.throws(() => x25519Dh(priv, pub), weak);
          rejected++;
        } else {
          assert.equal(toHex(await x25519DhAsync(priv, pub)), t.shared, `tcId ${t.tcId}`);
        }
      }
    }
    assert.equal(ran, 518);
    assert.equal(rejected, 31);
  });

  it('X25519: random key pairs agree both ways', async () => {
    for (let i = 0; i < 20; i++) {
      const a = await generateX25519Async();
      const b = generateX25519();
      assert.deepEqual(a.publicKey, x25519PublicKey(a.secretKey));
      assert.deepEqual(await x25519DhAsync(a.secretKey, b.publicKey), x25519Dh(b.secretKey, a.publicKey));
    }
    await assert.rejects(x25519DhAsync(new Uint8Array(31), new Uint8Array(32)), RangeError);
  });

  it('Ed25519: every Wycheproof case gives the same answer as the strict noble verifier', async () => {
    const data = loadVectorFile<
      WycheproofFile<{
        publicKey: { pk: string };
        tests: { tcId: number; msg: string; sig: string; result: string }[];
      }>
    >('wycheproof/ed25519_test.json');
    let ran = 0;
    for (const g of data.testGroups) {
      const pk = fromHex(g.publicKey.pk);
      for (const t of g.tests) {
        ran++;
        const msg = fromHex(t.msg);
        const sig = fromHex(t.sig);
        const ok = await ed25519VerifyAsync(pk, msg, sig);
        assert.equal(ok, t.result === 'valid', `tcId ${t.tcId}`);
        assert.equal(ok, ed25519Verify(pk, msg, sig), `tcId ${t.tcId} agrees with noble`);
      }
    }
    assert.equal(ran, 151);
  });

  it('Ed25519: random signatures verify; any flipped bit or wrong length does not', async () => {
    const k = generateEd25519();
    const msg = randomBytes(100);
    const sig = ed25519Sign(k.secretKey, msg);
    assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig), true);
    for (let i = 0; i < 64; i += 7) {
      const bad = sig.slice();
      bad[i] = (bad[i] as number) ^ 1;
      assert.equal(await ed25519VerifyAsync(k.publicKey, msg, bad), false, `bit in byte ${i}`);
    }
    assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig.subarray(1)), false);
    assert.equal(await ed25519VerifyAsync(k.publicKey.subarray(1), msg, sig), false);
  });
});
