import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromHex } from '../bytes.js';
import {
  checkCurveRfcExamples,
  checkEd25519Wycheproof,
  checkX25519Wycheproof,
  weakDh,
} from '../test-curve-vectors.js';
import { ed25519EdgeCases } from '../test-ed25519-cases.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify, generateEd25519 } from './ed25519.js';
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
import { generateX25519, x25519Dh, x25519PublicKey } from './x25519.js';

describe('platform (WebCrypto) curve fast path agrees with noble', () => {
  // what a browser runs: noble synchronously, WebCrypto for these functions
  before(() => setCryptoBackend('web'));
  after(() => setCryptoBackend('auto'));

  it('Node offers WebCrypto X25519 and Ed25519, so the fast path is what these tests exercise', async () => {
    assert.deepEqual(await platformCurveSupport(), { x25519: true, ed25519: true });
  });

  it('valid work on WebCrypto (keys, DH, signatures, verification, a weak DH refused) never loads the synchronous code', async () => {
    assert.equal(loadedSyncCurves(), undefined, 'not loaded by this file before');
    const a = await generateX25519Async();
    const b = await generateX25519Async();
    assert.deepEqual(
      await x25519DhAsync(a.secretKey, b.publicKey),
      await x25519DhAsync(b.secretKey, a.publicKey),
    );
    assert.deepEqual(await x25519PublicKeyAsync(a.secretKey), a.publicKey);
    await assert.rejects(x25519DhAsync(a.secretKey, new Uint8Array(32)), weakDh);
    const k = await generateEd25519Async();
    assert.deepEqual(await ed25519PublicKeyAsync(k.secretKey), k.publicKey);
    const msg = randomBytes(50);
    const sig = await ed25519SignAsync(k.secretKey, msg);
    assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig), true);
    // refused on the bytes alone: S >= L, a small-order key, a wrong length
    assert.equal(
      await ed25519VerifyAsync(
        k.publicKey,
        msg,
        sig.map((x, i) => (i === 63 ? 0xff : x)),
      ),
      false,
    );
    assert.equal(await ed25519VerifyAsync(fromHex(`01${'00'.repeat(31)}`), msg, sig), false);
    assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig.subarray(1)), false);
    assert.equal(loadedSyncCurves(), undefined, 'still not loaded');
    // a signature WebCrypto does not accept is decided by the strict verifier, loaded for it
    const bad = sig.slice();
    bad[10] = (bad[10] as number) ^ 1;
    assert.equal(await ed25519VerifyAsync(k.publicKey, msg, bad), false);
    assert.notEqual(loadedSyncCurves(), undefined, 'loaded to confirm the rejection');
  });

  it('Ed25519: what noble refuses on the bytes is refused whatever the platform answers (a lenient verifier)', async () => {
    // Node's verifier (OpenSSL) refuses these itself; some platforms' do not (small-order keys are not refused by
    // every implementation): the byte checks run before the platform is asked
    const subtle = globalThis.crypto.subtle;
    const verify = subtle.verify;
    let asked = 0;
    subtle.verify = (async () => {
      asked++;
      return true;
    }) as SubtleCrypto['verify'];
    try {
      const onTheBytes = [
        'S + L',
        'identity key',
        'identity key, non-canonical (y = p + 1)',
        'x = 0 with the sign bit',
        'order-2 key',
        'non-canonical R (y = p + 1)',
      ];
      const cases = ed25519EdgeCases(randomBytes(32), randomBytes(20));
      for (const name of onTheBytes) {
        const c = cases.find((x) => x.name === name);
        assert.ok(c, name);
        assert.equal(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), false, name);
      }
      assert.equal(asked, 0, 'the platform was never asked');
      const honest = cases.find((x) => x.name === 'an honest signature');
      assert.ok(honest && (await ed25519VerifyAsync(honest.publicKey, honest.message, honest.signature)));
      assert.equal(asked, 1, 'and is asked for the rest');
    } finally {
      subtle.verify = verify;
    }
  });

  it("Ed25519 strictness: crafted keys and signatures get noble's verdict through WebCrypto", async () => {
    for (let i = 0; i < 4; i++) {
      for (const c of ed25519EdgeCases(randomBytes(32), randomBytes(i * 19))) {
        assert.equal(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), c.valid, c.name);
        assert.equal(ed25519Verify(c.publicKey, c.message, c.signature), c.valid, `${c.name} (synchronous)`);
      }
    }
  });

  it('X25519 and Ed25519: the RFC 7748 §6.1 and RFC 8032 §7.1 TEST 2 examples', checkCurveRfcExamples);

  it('X25519: every Wycheproof case gives the same answer as the noble path', checkX25519Wycheproof);

  it('X25519: random key pairs agree both ways', async () => {
    for (let i = 0; i < 20; i++) {
      const a = await generateX25519Async();
      const b = generateX25519();
      assert.deepEqual(a.publicKey, x25519PublicKey(a.secretKey));
      assert.deepEqual(await x25519DhAsync(a.secretKey, b.publicKey), x25519Dh(b.secretKey, a.publicKey));
    }
    await assert.rejects(x25519DhAsync(new Uint8Array(31), new Uint8Array(32)), RangeError);
  });

  it('X25519: a generated or used key is not imported again, and a changed key array is never served a stale key', async () => {
    const subtle = globalThis.crypto.subtle;
    const formats: string[] = [];
    const importKey = subtle.importKey;
    subtle.importKey = ((...args: Parameters<SubtleCrypto['importKey']>) => {
      formats.push(args[0] as string);
      return importKey.apply(subtle, args);
    }) as SubtleCrypto['importKey'];
    try {
      const peer = generateX25519();
      const mine = await generateX25519Async();
      formats.length = 0;
      const shared = await x25519DhAsync(mine.secretKey, peer.publicKey);
      assert.deepEqual(shared, x25519Dh(peer.secretKey, mine.publicKey));
      assert.deepEqual(
        formats,
        ['raw'],
        'only the peer public key is imported; the generated private key is reused',
      );
      formats.length = 0;
      assert.deepEqual(await x25519DhAsync(mine.secretKey, peer.publicKey), shared);
      assert.deepEqual(formats, [], 'both keys come from the cache the second time');

      const held = generateX25519();
      await x25519DhAsync(held.secretKey, peer.publicKey);
      formats.length = 0;
      await x25519DhAsync(held.secretKey, peer.publicKey);
      assert.deepEqual(formats, [], 'an imported private key is imported once');

      // the caller overwrites its array with another secret: the cache must not answer for the old bytes
      const other = generateX25519();
      held.secretKey.set(other.secretKey);
      assert.deepEqual(
        await x25519DhAsync(held.secretKey, peer.publicKey),
        x25519Dh(other.secretKey, peer.publicKey),
      );
      const otherPeer = generateX25519();
      peer.publicKey.set(otherPeer.publicKey);
      assert.deepEqual(
        await x25519DhAsync(held.secretKey, peer.publicKey),
        x25519Dh(other.secretKey, otherPeer.publicKey),
      );
      held.secretKey.fill(0);
      assert.deepEqual(
        await x25519DhAsync(held.secretKey, peer.publicKey),
        x25519Dh(new Uint8Array(32), otherPeer.publicKey),
      );
    } finally {
      subtle.importKey = importKey;
    }
  });

  it('Ed25519: a signing seed is imported once, and a changed seed array signs with its new bytes', async () => {
    const subtle = globalThis.crypto.subtle;
    let imports = 0;
    const importKey = subtle.importKey;
    subtle.importKey = ((...args: Parameters<SubtleCrypto['importKey']>) => {
      imports++;
      return importKey.apply(subtle, args);
    }) as SubtleCrypto['importKey'];
    try {
      const seed = randomBytes(32);
      const msg = randomBytes(40);
      assert.deepEqual(await ed25519SignAsync(seed, msg), ed25519Sign(seed, msg));
      assert.equal(imports, 1);
      assert.deepEqual(await ed25519SignAsync(seed, msg), ed25519Sign(seed, msg));
      assert.equal(imports, 1, 'the second signature reuses the imported key');
      const before = seed.slice();
      seed[0] = (seed[0] as number) ^ 1;
      const sig = await ed25519SignAsync(seed, msg);
      assert.deepEqual(sig, ed25519Sign(seed, msg));
      assert.notDeepEqual(sig, ed25519Sign(before, msg));
    } finally {
      subtle.importKey = importKey;
    }
  });

  it(
    'Ed25519: every Wycheproof case gives the same answer as the strict noble verifier',
    checkEd25519Wycheproof,
  );

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

  it('Ed25519: generated keys, public keys and signatures agree with noble', async () => {
    for (let i = 0; i < 8; i++) {
      const k = await generateEd25519Async();
      assert.equal(k.secretKey.length, 32);
      assert.deepEqual(k.publicKey, ed25519PublicKey(k.secretKey), `key ${i}`);
      assert.deepEqual(await ed25519PublicKeyAsync(k.secretKey), k.publicKey, `key ${i}`);
      const msg = randomBytes(i * 37);
      const sig = await ed25519SignAsync(k.secretKey, msg);
      assert.deepEqual(sig, ed25519Sign(k.secretKey, msg), `signature ${i}`);
      assert.equal(ed25519Verify(k.publicKey, msg, sig), true, `signature ${i}`);
    }
    await assert.rejects(ed25519SignAsync(randomBytes(31), randomBytes(8)), RangeError);
    await assert.rejects(ed25519PublicKeyAsync(randomBytes(33)), RangeError);
  });
});
