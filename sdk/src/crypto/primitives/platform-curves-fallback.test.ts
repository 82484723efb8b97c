import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkCurveRfcExamples,
  checkEd25519Wycheproof,
  checkX25519Wycheproof,
} from '../test-curve-vectors.js';
import { ed25519EdgeCases } from '../test-ed25519-cases.js';
import { ed25519PublicKey, ed25519Sign } from './ed25519.js';
import { loadedSyncCurves } from './load-sync-curves.js';
import { setCryptoBackend } from './native.js';
import {
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  generateX25519Async,
  platformCurveSupport,
} from './platform-curves.js';
import { randomBytes } from './random.js';
import { x25519PublicKey } from './x25519.js';

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

  it('RFC 7748 §6.1 and RFC 8032 §7.1 TEST 2 through the fallback', checkCurveRfcExamples);

  it('every Wycheproof X25519 and Ed25519 case, and the crafted Ed25519 edges: the synchronous answers', async () => {
    await checkX25519Wycheproof();
    await checkEd25519Wycheproof();
    for (const c of ed25519EdgeCases(randomBytes(32), randomBytes(40))) {
      assert.equal(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), c.valid, c.name);
    }
    const seed = randomBytes(32);
    const msg = randomBytes(77);
    assert.deepEqual(await ed25519SignAsync(seed, msg), ed25519Sign(seed, msg));
  });
});
