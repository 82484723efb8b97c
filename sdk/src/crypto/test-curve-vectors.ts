/**
 * Test-only: the curve known answers (RFC 7748 §6.1, RFC 8032 §7.1 TEST 2, every Wycheproof X25519 and Ed25519
 * case) through the asynchronous curve functions, each answer also compared with the synchronous reference.
 * Shared by the tests of the WebCrypto path and of the lazily loaded fallback.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { fromHex, toHex } from './bytes.js';
import { CryptoError } from './errors.js';
import { ed25519Verify } from './primitives/ed25519.js';
import {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  ed25519VerifyAsync,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from './primitives/platform-curves.js';
import { x25519Dh } from './primitives/x25519.js';
import { ed25519WycheproofCases, loadVectorFile, type WycheproofFile } from './test-vectors.js';

/** Whether `e` is the refusal of an all-zero (low-order) X25519 result. */
export const weakDh = (e: unknown): boolean => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH';

/** RFC 7748 §6.1 (X25519) and RFC 8032 §7.1 TEST 2 (Ed25519: public key, signature, verification). */
export async function checkCurveRfcExamples(): Promise<void> {
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
}

/**
 * Every Wycheproof X25519 case through `x25519DhAsync`: the expected shared secret, the same as `x25519Dh`'s,
 * and every all-zero result refused by both (518 cases, 31 refused).
 */
export async function checkX25519Wycheproof(): Promise<void> {
  const data = loadVectorFile<
    WycheproofFile<{ tests: { tcId: number; public: string; private: string; shared: string }[] }>
  >('wycheproof/x25519_test.json');
  let ran = 0;
  let rejected = 0;
  for (const t of data.testGroups.flatMap((g) => g.tests)) {
    ran++;
    const [priv, pub] = [fromHex(t.private), fromHex(t.public)];
    if (/^0+$/.test(t.shared)) {
      await assert.rejects(x25519DhAsync(priv, pub), weakDh, `tcId ${t.tcId} must be rejected`);
      assert.throws(() => x25519Dh(priv, pub), weakDh);
      rejected++;
    } else {
      const shared = await x25519DhAsync(priv, pub);
      assert.equal(toHex(shared), t.shared, `tcId ${t.tcId}`);
      assert.deepEqual(shared, x25519Dh(priv, pub), `tcId ${t.tcId} agrees with the synchronous path`);
    }
  }
  assert.equal(ran, 518);
  assert.equal(rejected, 31);
}

/** Every Wycheproof Ed25519 case through `ed25519VerifyAsync`: the expected verdict, the strict reference's (151). */
export async function checkEd25519Wycheproof(): Promise<void> {
  const cases = ed25519WycheproofCases();
  for (const { tcId, pk, msg, sig, valid } of cases) {
    const ok = await ed25519VerifyAsync(pk, msg, sig);
    assert.equal(ok, valid, `tcId ${tcId}`);
    assert.equal(ok, ed25519Verify(pk, msg, sig), `tcId ${tcId} agrees with the strict synchronous verifier`);
  }
  assert.equal(cases.length, 151);
}
