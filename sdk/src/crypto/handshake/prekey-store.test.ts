import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { DeviceIdentity } from '../identity/index.js';
import { loadMlKem768, loadSyncCurves } from '../primitives/index.js';
import { acceptSession, encodePrekeyBundle, PrekeyStore, startSession } from './index.js';

// DeviceIdentity's synchronous members, as the 1:1 rooms' code uses them (its loader awaits the same).
await loadSyncCurves();

const code = (c: string) => (e: unknown) => e instanceof CryptoError && e.code === c;

describe('PrekeyStore serialization', () => {
  before(() => loadMlKem768());
  it('a restored store accepts a session started from the bundle published before', () => {
    const alice = DeviceIdentity.generate();
    const bob = DeviceIdentity.generate();
    const store = new PrekeyStore(bob);
    store.refill(2);
    const bundle = store.bundle();
    const bytes = store.serialize();
    store.destroy();
    const restored = PrekeyStore.deserialize(bob, bytes);
    assert.deepEqual(encodePrekeyBundle(restored.bundle()), encodePrekeyBundle(bundle));
    assert.deepEqual(restored.remaining, { oneTime: 2, pq: 2 });
    const { initialMessage } = startSession(alice, bundle, utf8('hello after a restart'));
    const { plaintext } = acceptSession(bob, restored, initialMessage);
    assert.deepEqual(plaintext, utf8('hello after a restart'));
    // the consumed one-time keys and the seen ephemeral survive another round trip
    const again = PrekeyStore.deserialize(bob, restored.serialize());
    assert.deepEqual(again.remaining, { oneTime: 1, pq: 1 });
    assert.throws(() => acceptSession(bob, again, initialMessage), code('HANDSHAKE_UNKNOWN_PREKEY'));
  });

  it('refuses truncated, extended or wrong-version state with a typed error', () => {
    const bytes = new PrekeyStore(DeviceIdentity.generate()).serialize();
    const id = DeviceIdentity.generate();
    assert.throws(
      () => PrekeyStore.deserialize(id, bytes.subarray(0, bytes.length - 1)),
      code('HANDSHAKE_MALFORMED'),
    );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    assert.throws(() => PrekeyStore.deserialize(id, longer), code('HANDSHAKE_MALFORMED'));
    const wrong = bytes.slice();
    wrong[0] = 9;
    assert.throws(() => PrekeyStore.deserialize(id, wrong), code('HANDSHAKE_MALFORMED'));
  });
});
