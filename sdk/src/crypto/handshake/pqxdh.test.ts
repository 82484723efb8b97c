import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { concatBytes, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { DeviceIdentity, encodePublicIdentity } from '../identity/index.js';
import { AeadSuite, loadMlKem768, loadSyncCurves } from '../primitives/index.js';
import {
  acceptSession,
  decodePqxdhHeader,
  decodePrekeyBundle,
  encodePqxdhHeader,
  encodePrekeyBundle,
  PqPrekeyKind,
  PrekeyStore,
  pqxdhInitiate,
  pqxdhRespond,
  startSession,
} from './index.js';
import { signedPrekeyMessage } from './prekey-bundle.js';

// DeviceIdentity's synchronous members, as the 1:1 rooms' code uses them (its loader awaits the same).
await loadSyncCurves();

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
/** A point of order 8 on Curve25519 (RFC 7748 §6.1 check must reject it). */
const LOW_ORDER = Uint8Array.from(
  Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex'),
);

function parties(oneTime = 5) {
  const alice = DeviceIdentity.generate();
  const bob = DeviceIdentity.generate();
  const store = new PrekeyStore(bob);
  if (oneTime > 0) store.refill(oneTime);
  return { alice, bob, store };
}

describe('PQXDH', () => {
  before(() => loadMlKem768());
  for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305]) {
    it(`starts a session with one-time prekeys and converses (suite ${suite})`, () => {
      const { alice, bob, store } = parties();
      const encoded = encodePrekeyBundle(store.bundle());
      assert.equal(encoded.length, 1519, 'bundle length as in docs/protocol.md');
      const bundle = decodePrekeyBundle(encoded);
      assert.equal(bundle.pqPrekey.kind, PqPrekeyKind.ONE_TIME);
      assert.ok(bundle.oneTimePrekey);
      const { session: a, initialMessage } = startSession(alice, bundle, utf8('hello bob'), { suite });
      const { session: b, plaintext, peer } = acceptSession(bob, store, initialMessage);
      assert.deepEqual(plaintext, utf8('hello bob'));
      assert.deepEqual(encodePublicIdentity(peer), encodePublicIdentity(alice.publicIdentity));
      assert.deepEqual(store.remaining, { oneTime: 4, pq: 4 });
      assert.deepEqual(a.decrypt(b.encrypt(utf8('hi alice'))), utf8('hi alice'));
      assert.deepEqual(b.decrypt(a.encrypt(utf8('again'))), utf8('again'));
    });
  }

  it('falls back to the signed last-resort PQ prekey and no one-time X25519 prekey', () => {
    const { alice, bob, store } = parties(0);
    const bundle = store.bundle();
    assert.equal(bundle.pqPrekey.kind, PqPrekeyKind.LAST_RESORT);
    assert.equal(bundle.oneTimePrekey, undefined);
    assert.equal(encodePrekeyBundle(bundle).length, 1483);
    assert.equal(pqxdhInitiate(alice, bundle).header.length, 1260);
    const { initialMessage } = startSession(alice, bundle, utf8('x'));
    assert.deepEqual(acceptSession(bob, store, initialMessage).plaintext, utf8('x'));
    // a replay of the same initial message cannot start a second session
    assert.throws(() => acceptSession(bob, store, initialMessage), code('HANDSHAKE_UNKNOWN_PREKEY'));
    // the last-resort key still serves other initiators
    const carol = DeviceIdentity.generate();
    assert.deepEqual(
      acceptSession(bob, store, startSession(carol, store.bundle(), utf8('y')).initialMessage).plaintext,
      utf8('y'),
    );
  });

  it('both sides derive the same secrets; AD binds both identities', () => {
    const { alice, bob, store } = parties();
    const x = pqxdhInitiate(alice, store.bundle());
    assert.equal(x.header.length, 1264, 'header length as in docs/protocol.md');
    const r = pqxdhRespond(bob, store, decodePqxdhHeader(x.header).header);
    assert.deepEqual(r.init, x.init);
    assert.deepEqual(
      x.init.associatedData,
      concatBytes(encodePublicIdentity(alice.publicIdentity), encodePublicIdentity(bob.publicIdentity)),
    );
  });

  it('consumes one-time prekeys only after the first message authenticates', () => {
    const { alice, bob, store } = parties(2);
    const { initialMessage } = startSession(alice, store.bundle(), utf8('x'));
    const forged = initialMessage.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1;
    assert.throws(() => acceptSession(bob, store, forged), code('RATCHET_DECRYPT_FAILED'));
    assert.deepEqual(store.remaining, { oneTime: 2, pq: 2 });
    acceptSession(bob, store, initialMessage);
    assert.deepEqual(store.remaining, { oneTime: 1, pq: 1 });
    assert.throws(() => acceptSession(bob, store, initialMessage), code('HANDSHAKE_UNKNOWN_PREKEY'));
  });

  it('rejects bundles with bad signatures', () => {
    const { alice, store } = parties();
    const good = store.bundle();
    const mallory = DeviceIdentity.generate();
    const cases = [
      { ...good, identity: mallory.publicIdentity },
      { ...good, signedPrekey: { ...good.signedPrekey, id: good.signedPrekey.id + 1 } },
      { ...good, pqPrekey: { ...good.pqPrekey, kind: PqPrekeyKind.LAST_RESORT } },
      {
        ...good,
        pqPrekey: { ...good.pqPrekey, publicKey: new PrekeyStore(mallory).bundle().pqPrekey.publicKey },
      },
    ];
    for (const b of cases) assert.throws(() => pqxdhInitiate(alice, b), code('HANDSHAKE_BAD_BUNDLE'));
    const enc = encodePrekeyBundle(good);
    enc[200] = (enc[200] as number) ^ 1;
    assert.throws(() => decodePrekeyBundle(enc), code('HANDSHAKE_BAD_BUNDLE'));
    assert.throws(() => decodePrekeyBundle(enc.subarray(0, 100)), code('HANDSHAKE_BAD_BUNDLE'));
  });

  it('rejects all-zero / low-order DH results on both sides', () => {
    const { alice, bob, store } = parties();
    const good = store.bundle();
    // a signed but low-order signed prekey
    const bad = {
      ...good,
      signedPrekey: { id: 99, publicKey: LOW_ORDER, signature: bob.sign(signedPrekeyMessage(99, LOW_ORDER)) },
    };
    assert.throws(() => pqxdhInitiate(alice, bad), code('CRYPTO_WEAK_DH'));
    const zero = { ...good, oneTimePrekey: { id: 1, publicKey: new Uint8Array(32) } };
    assert.throws(() => pqxdhInitiate(alice, zero), code('CRYPTO_WEAK_DH'));
    // a low-order ephemeral key in the initial header
    const x = pqxdhInitiate(alice, good);
    const h = decodePqxdhHeader(x.header).header;
    assert.throws(() => pqxdhRespond(bob, store, { ...h, ephemeralKey: LOW_ORDER }), code('CRYPTO_WEAK_DH'));
  });

  it('rejects malformed initial messages', () => {
    const { alice, bob, store } = parties();
    const x = pqxdhInitiate(alice, store.bundle());
    assert.throws(() => acceptSession(bob, store, x.header), code('HANDSHAKE_MALFORMED'));
    assert.throws(() => acceptSession(bob, store, x.header.subarray(0, 50)), code('HANDSHAKE_MALFORMED'));
    const v = x.header.slice();
    v[0] = 9;
    assert.throws(() => decodePqxdhHeader(v), code('HANDSHAKE_MALFORMED'));
    const h = decodePqxdhHeader(x.header).header;
    assert.deepEqual(encodePqxdhHeader(h), x.header);
    assert.throws(
      () => pqxdhRespond(bob, store, { ...h, signedPrekeyId: 12345 }),
      code('HANDSHAKE_UNKNOWN_PREKEY'),
    );
  });
});
