import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromHex, toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { ed25519EdgeCases } from '../test-ed25519-cases.js';
import { loadVectorFile, type WycheproofFile } from '../test-vectors.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { loadedSyncCurves } from './load-sync-curves.js';
import { setCryptoBackend } from './native.js';
import {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  generateX25519Async,
  platformCurveSupport,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from './platform-curves.js';
import { randomBytes } from './random.js';
import { x25519Dh, x25519PublicKey } from './x25519.js';

const weak = (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH';

/**
 * A platform whose WebCrypto lacks X25519 and Ed25519 (as older browsers): its `importKey` and `generateKey`
 * refuse both, as an unknown algorithm is refused. Installed before anything probes the platform (Node runs each
 * test file in its own process), so the probe finds neither.
 */
const subtle = globalThis.crypto.subtle;
const { importKey, generateKey } = subtle;
const refused = (algorithm: unknown) => {
  const name = typeof algorithm === 'string' ? algorithm : (algorithm as { name?: string }).name;
  return name === 'X25519' || name === 'Ed25519';
};
subtle.importKey = ((...args: Parameters<SubtleCrypto['importKey']>) =>
  refused(args[2])
    ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
    : importKey.apply(subtle, args)) as SubtleCrypto['importKey'];
subtle.generateKey = ((...args: Parameters<SubtleCrypto['generateKey']>) =>
  refused(args[0])
    ? Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'))
    : generateKey.apply(subtle, args)) as SubtleCrypto['generateKey'];

describe('a platform without WebCrypto X25519 and Ed25519: the synchronous code is loaded lazily and answers', () => {
  // what a browser runs (no native backend); its WebCrypto lacks the curves
  before(() => setCryptoBackend('web'));
  after(() => {
    setCryptoBackend('auto');
    subtle.importKey = importKey;
    subtle.generateKey = generateKey;
  });

  it('the probe finds neither algorithm, and nothing is loaded before the first curve operation', async () => {
    assert.deepEqual(await platformCurveSupport(), { x25519: false, ed25519: false });
    assert.equal(loadedSyncCurves(), undefined);
  });

  it('the first operation loads the synchronous code (once); keys and DH agree with it', async () => {
    const a = await generateX25519Async();
    const loaded = loadedSyncCurves();
    assert.ok(loaded, 'loaded by the first operation');
    assert.deepEqual(a.publicKey, x25519PublicKey(a.secretKey));
    const b = await generateEd25519Async();
    assert.deepEqual(b.publicKey, ed25519PublicKey(b.secretKey));
    assert.equal(loadedSyncCurves(), loaded, 'the same module, loaded once');
  });

  it('RFC 7748 §6.1 and RFC 8032 §7.1 TEST 2 through the fallback', async () => {
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
    const seed = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
    const pub = await ed25519PublicKeyAsync(seed);
    assert.equal(toHex(pub), '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c');
    const sig = await ed25519SignAsync(seed, Uint8Array.of(0x72));
    assert.equal(
      toHex(sig),
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
        '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
    assert.equal(await ed25519VerifyAsync(pub, Uint8Array.of(0x72), sig), true);
  });

  it('every Wycheproof X25519 and Ed25519 case, and the crafted Ed25519 edges: the synchronous answers', async () => {
    const x = loadVectorFile<
      WycheproofFile<{ tests: { tcId: number; public: string; private: string; shared: string }[] }>
    >('wycheproof/x25519_test.json');
    let rejected = 0;
    let ran = 0;
    for (const t of x.testGroups.flatMap((g) => g.tests)) {
      const [priv, pub] = [fromHex(t.private), fromHex(t.public)];
      ran++;
      if (/^0+$/.test(t.shared)) {
        await assert.rejects(x25519DhAsync(priv, pub), weak, `tcId ${t.tcId} must be rejected`);
        assert.throws(() => x25519Dh(priv, pub), weak);
        rejected++;
      } else {
        const shared = await x25519DhAsync(priv, pub);
        assert.equal(toHex(shared), t.shared, `tcId ${t.tcId}`);
        assert.deepEqual(shared, x25519Dh(priv, pub), `tcId ${t.tcId}`);
      }
    }
    assert.equal(ran, 518);
    assert.equal(rejected, 31);
    const e = loadVectorFile<
      WycheproofFile<{
        publicKey: { pk: string };
        tests: { tcId: number; msg: string; sig: string; result: string }[];
      }>
    >('wycheproof/ed25519_test.json');
    ran = 0;
    for (const g of e.testGroups) {
      const pk = fromHex(g.publicKey.pk);
      for (const t of g.tests) {
        ran++;
        const [msg, sig] = [fromHex(t.msg), fromHex(t.sig)];
        const ok = await ed25519VerifyAsync(pk, msg, sig);
        assert.equal(ok, t.result === 'valid', `tcId ${t.tcId}`);
        assert.equal(ok, ed25519Verify(pk, msg, sig), `tcId ${t.tcId} agrees with the synchronous verifier`);
      }
    }
    assert.equal(ran, 151);
    for (const c of ed25519EdgeCases(randomBytes(32), randomBytes(40))) {
      assert.equal(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), c.valid, c.name);
    }
    const seed = randomBytes(32);
    const msg = randomBytes(77);
    assert.deepEqual(await ed25519SignAsync(seed, msg), ed25519Sign(seed, msg));
  });
});
