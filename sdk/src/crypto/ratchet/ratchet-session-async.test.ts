import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { AeadSuite, generateX25519, randomBytes } from '../primitives/index.js';
import { RatchetSession } from './index.js';

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;

async function pair(suite: number = AeadSuite.AES_256_GCM) {
  const init = {
    rootKey: randomBytes(32),
    initiatorHeaderKey: randomBytes(32),
    responderHeaderKey: randomBytes(32),
    associatedData: randomBytes(64),
    suite,
  };
  const bobKey = generateX25519();
  return {
    alice: await RatchetSession.initiatorAsync(init, bobKey.publicKey),
    bob: await RatchetSession.responderAsync(init, bobKey),
    syncBob: RatchetSession.responder(init, bobKey),
  };
}

describe('Double Ratchet, asynchronous platform DH steps', () => {
  it('async and sync sides interoperate across DH steps, out of order and with losses', async () => {
    for (const suite of [AeadSuite.AES_256_GCM, AeadSuite.CHACHA20_POLY1305]) {
      const { alice, bob } = await pair(suite);
      for (let round = 0; round < 3; round++) {
        const a = [0, 1, 2].map((i) => alice.encrypt(utf8(`a${round}${i}`)));
        // reorder, and lose the middle message
        assert.deepEqual(await bob.decryptAsync(a[2] as Uint8Array), utf8(`a${round}2`));
        assert.deepEqual(await bob.decryptAsync(a[0] as Uint8Array), utf8(`a${round}0`));
        assert.deepEqual(alice.decrypt(bob.encrypt(utf8(`b${round}`))), utf8(`b${round}`));
      }
      assert.equal(bob.skippedCount, 3);
    }
  });

  it('a forged message that would start a DH step leaves the session unchanged', async () => {
    const { alice, bob } = await pair();
    const m = alice.encrypt(utf8('hi'));
    const before = bob.serialize();
    for (const i of [2, 20, m.length - 1]) {
      const bad = m.slice();
      bad[i] = (bad[i] as number) ^ 1;
      await assert.rejects(bob.decryptAsync(bad), code('RATCHET_DECRYPT_FAILED'), `byte ${i}`);
      assert.deepEqual(bob.serialize(), before);
    }
    assert.deepEqual(await bob.decryptAsync(m), utf8('hi'));
    await assert.rejects(bob.decryptAsync(m), code('RATCHET_DUPLICATE'));
  });

  it('the async responder starts from exactly the state of the sync one', async () => {
    const { alice, bob, syncBob } = await pair();
    assert.deepEqual(bob.serialize(), syncBob.serialize());
    const m = alice.encrypt(utf8('same'));
    assert.deepEqual(syncBob.decrypt(m), utf8('same'));
    assert.deepEqual(await bob.decryptAsync(m), utf8('same'));
  });
});
