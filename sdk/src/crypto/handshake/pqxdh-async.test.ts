import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { DeviceIdentity } from '../identity/index.js';
import { AeadSuite, loadMlKem768, loadSyncCurves } from '../primitives/index.js';
import {
  acceptSession,
  acceptSessionAsync,
  decodePqxdhHeader,
  decodePqxdhHeaderAsync,
  PqPrekeyKind,
  PrekeyStore,
  pqxdhInitiate,
  pqxdhInitiateAsync,
  pqxdhRespond,
  pqxdhRespondAsync,
  startSession,
  startSessionAsync,
} from './index.js';
import { signedPrekeyMessage } from './prekey-bundle.js';

// DeviceIdentity's synchronous members, as the 1:1 rooms' code uses them (its loader awaits the same).
await loadSyncCurves();

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;
/** A point of order 8 on Curve25519. */
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

describe('PQXDH, asynchronous platform path', () => {
  before(() => loadMlKem768());
  for (const [name, oneTime] of [
    ['with one-time prekeys', 3],
    ['on the last-resort PQ prekey', 0],
  ] as const) {
    it(`interoperates with the synchronous path in both directions (${name})`, async () => {
      for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305]) {
        // async initiator, sync responder
        let p = parties(oneTime);
        const a1 = await startSessionAsync(p.alice, p.store.bundle(), utf8('hi'), { suite });
        const b1 = acceptSession(p.bob, p.store, a1.initialMessage);
        assert.deepEqual(b1.plaintext, utf8('hi'));
        assert.deepEqual(b1.session.decrypt(a1.session.encrypt(utf8('2'))), utf8('2'));
        assert.deepEqual(await a1.session.decryptAsync(b1.session.encrypt(utf8('3'))), utf8('3'));
        // sync initiator, async responder
        p = parties(oneTime);
        const a2 = startSession(p.alice, p.store.bundle(), utf8('yo'), { suite });
        const b2 = await acceptSessionAsync(p.bob, p.store, a2.initialMessage);
        assert.deepEqual(b2.plaintext, utf8('yo'));
        assert.deepEqual(b2.peer, p.alice.publicIdentity);
        assert.deepEqual(a2.session.decrypt(b2.session.encrypt(utf8('4'))), utf8('4'));
        // both async, several DH steps, a serialized session restores and continues
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await b2.session.decryptAsync(a2.session.encrypt(utf8(`a${i}`))), utf8(`a${i}`));
          assert.deepEqual(await a2.session.decryptAsync(b2.session.encrypt(utf8(`b${i}`))), utf8(`b${i}`));
        }
      }
    });
  }

  it('derives exactly the secrets of the synchronous responder', async () => {
    const { alice, bob, store } = parties();
    const x = await pqxdhInitiateAsync(alice, store.bundle());
    const h = (await decodePqxdhHeaderAsync(x.header)).header;
    assert.deepEqual(h, decodePqxdhHeader(x.header).header);
    const rSync = pqxdhRespond(bob, store, h);
    const rAsync = await pqxdhRespondAsync(bob, store, h);
    assert.deepEqual(rAsync.init, rSync.init);
    assert.deepEqual(rAsync.init, x.init);
  });

  it('consumes one-time prekeys only after the first message authenticates; replays are refused', async () => {
    const { alice, bob, store } = parties(2);
    const { initialMessage } = await startSessionAsync(alice, store.bundle(), utf8('x'));
    const forged = initialMessage.slice();
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 1;
    await assert.rejects(acceptSessionAsync(bob, store, forged), code('RATCHET_DECRYPT_FAILED'));
    assert.deepEqual(store.remaining, { oneTime: 2, pq: 2 });
    await acceptSessionAsync(bob, store, initialMessage);
    assert.deepEqual(store.remaining, { oneTime: 1, pq: 1 });
    await assert.rejects(acceptSessionAsync(bob, store, initialMessage), code('HANDSHAKE_UNKNOWN_PREKEY'));
  });

  it('rejects bad bundles, low-order keys and a forged initiator identity', async () => {
    const { alice, bob, store } = parties();
    const good = store.bundle();
    const mallory = DeviceIdentity.generate();
    for (const b of [
      { ...good, identity: mallory.publicIdentity },
      { ...good, signedPrekey: { ...good.signedPrekey, id: good.signedPrekey.id + 1 } },
      { ...good, pqPrekey: { ...good.pqPrekey, kind: PqPrekeyKind.LAST_RESORT } },
    ]) {
      await assert.rejects(pqxdhInitiateAsync(alice, b), code('HANDSHAKE_BAD_BUNDLE'));
    }
    const lowOrder = {
      ...good,
      signedPrekey: { id: 99, publicKey: LOW_ORDER, signature: bob.sign(signedPrekeyMessage(99, LOW_ORDER)) },
    };
    await assert.rejects(pqxdhInitiateAsync(alice, lowOrder), code('CRYPTO_WEAK_DH'));
    const x = pqxdhInitiate(alice, good);
    const h = decodePqxdhHeader(x.header).header;
    await assert.rejects(
      pqxdhRespondAsync(bob, store, { ...h, ephemeralKey: LOW_ORDER }),
      code('CRYPTO_WEAK_DH'),
    );
    // a header whose identity binding signature is broken
    const bad = x.header.slice();
    bad[2 + 100] = (bad[2 + 100] as number) ^ 1;
    assert.throws(() => decodePqxdhHeader(bad), code('HANDSHAKE_MALFORMED'));
    await assert.rejects(decodePqxdhHeaderAsync(bad), code('HANDSHAKE_MALFORMED'));
    await assert.rejects(decodePqxdhHeaderAsync(x.header.subarray(0, 50)), code('HANDSHAKE_MALFORMED'));
  });
});
