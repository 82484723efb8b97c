import { expect } from '@open-wc/testing';
import { fromHex, toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { ed25519EdgeCases } from '../test-ed25519-cases.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519.js';
import { loadedSyncCurves } from './load-sync-curves.js';
import { activeCryptoBackend } from './native.js';
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

interface WycheproofFile<T> {
  testGroups: T[];
}

/** A vector file from the shared folder, served by web-test-runner.config.mjs (`/__vectors__/`). */
async function vectors<T>(relative: string): Promise<WycheproofFile<T>> {
  const res = await fetch(`/__vectors__/${relative}`);
  if (!res.ok) throw new Error(`test vector file missing: ${relative} (${res.status})`);
  return (await res.json()) as WycheproofFile<T>;
}

const weak = (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_WEAK_DH';

// Chromium's own WebCrypto (BoringSSL), as the widget's Worker runs it; this file's first test runs before
// anything loads the synchronous code.
describe("Chromium's WebCrypto X25519 and Ed25519 give the synchronous (noble) answers", function () {
  this.timeout(60_000);

  it('Chromium has both; valid work never loads the synchronous code', async () => {
    expect(activeCryptoBackend()).to.equal('js');
    expect(await platformCurveSupport()).to.deep.equal({ x25519: true, ed25519: true });
    const a = await generateX25519Async();
    const b = await generateX25519Async();
    expect(toHex(await x25519DhAsync(a.secretKey, b.publicKey))).to.equal(
      toHex(await x25519DhAsync(b.secretKey, a.publicKey)),
    );
    expect(toHex(await x25519PublicKeyAsync(a.secretKey))).to.equal(toHex(a.publicKey));
    const k = await generateEd25519Async();
    const msg = randomBytes(64);
    const sig = await ed25519SignAsync(k.secretKey, msg);
    expect(await ed25519VerifyAsync(k.publicKey, msg, sig)).to.equal(true);
    expect(toHex(await ed25519PublicKeyAsync(k.secretKey))).to.equal(toHex(k.publicKey));
    expect(loadedSyncCurves()).to.equal(undefined);
  });

  it('every Wycheproof X25519 case: the same shared secret or the same refusal', async () => {
    const data = await vectors<{
      tests: { tcId: number; public: string; private: string; shared: string }[];
    }>('wycheproof/x25519_test.json');
    let ran = 0;
    for (const t of data.testGroups.flatMap((g) => g.tests)) {
      ran++;
      const [priv, pub] = [fromHex(t.private), fromHex(t.public)];
      let got: string;
      try {
        got = toHex(await x25519DhAsync(priv, pub));
      } catch (e) {
        expect(weak(e), `tcId ${t.tcId}: ${String(e)}`).to.equal(true);
        got = 'weak';
      }
      let want: string;
      try {
        want = toHex(x25519Dh(priv, pub));
      } catch (e) {
        expect(weak(e)).to.equal(true);
        want = 'weak';
      }
      expect(got, `tcId ${t.tcId}`).to.equal(want);
      expect(got, `tcId ${t.tcId}`).to.equal(/^0+$/.test(t.shared) ? 'weak' : t.shared);
      expect(toHex(await x25519PublicKeyAsync(priv)), `public of tcId ${t.tcId}`).to.equal(
        toHex(x25519PublicKey(priv)),
      );
    }
    expect(ran).to.equal(518);
  });

  it('every Wycheproof Ed25519 case and the crafted edges: the strict verdict', async () => {
    const data = await vectors<{
      publicKey: { pk: string };
      tests: { tcId: number; msg: string; sig: string; result: string }[];
    }>('wycheproof/ed25519_test.json');
    let ran = 0;
    for (const g of data.testGroups) {
      const pk = fromHex(g.publicKey.pk);
      for (const t of g.tests) {
        ran++;
        const [msg, sig] = [fromHex(t.msg), fromHex(t.sig)];
        const ok = await ed25519VerifyAsync(pk, msg, sig);
        expect(ok, `tcId ${t.tcId}`).to.equal(t.result === 'valid');
        expect(ok, `tcId ${t.tcId}`).to.equal(ed25519Verify(pk, msg, sig));
      }
    }
    expect(ran).to.equal(151);
    for (let i = 0; i < 3; i++) {
      for (const c of ed25519EdgeCases(randomBytes(32), randomBytes(i * 31))) {
        expect(await ed25519VerifyAsync(c.publicKey, c.message, c.signature), c.name).to.equal(c.valid);
      }
    }
  });

  it('RFC 8032 §7.1 TEST 2, and signatures and public keys of random seeds', async () => {
    const seed = fromHex('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb');
    expect(toHex(await ed25519PublicKeyAsync(seed))).to.equal(
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    );
    expect(toHex(await ed25519SignAsync(seed, Uint8Array.of(0x72)))).to.equal(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da' +
        '085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
    for (let i = 0; i < 8; i++) {
      const s = randomBytes(32);
      const m = randomBytes(i * 41);
      expect(toHex(await ed25519PublicKeyAsync(s))).to.equal(toHex(ed25519PublicKey(s)));
      expect(toHex(await ed25519SignAsync(s, m))).to.equal(toHex(ed25519Sign(s, m)));
    }
  });
});
