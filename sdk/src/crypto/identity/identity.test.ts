import assert from 'node:assert/strict';
import { before, describe, it, test } from 'node:test';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { deriveRoomAuthKey } from '../auth/index.js';
import { toHex } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { loadedSyncCurves, loadSyncCurves, setCryptoBackend } from '../primitives/index.js';
import {
  DeviceIdentity,
  decodePublicIdentity,
  encodePublicIdentity,
  type PublicIdentity,
  safetyNumber,
  verifyPublicIdentity,
  verifySafetyNumberQr,
} from './index.js';

const notLoaded = (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_NOT_LOADED';

// Node runs each test file in its own process: nothing has loaded the synchronous curve code before this test.
test('the synchronous members need loadSyncCurves() first (CRYPTO_NOT_LOADED); the asynchronous ones never do', async () => {
  assert.equal(loadedSyncCurves(), undefined);
  setCryptoBackend('web'); // what a browser runs: WebCrypto, so nothing loads the synchronous code
  try {
    const id = await DeviceIdentity.generateAsync();
    const again = await DeviceIdentity.deserializeAsync(id.serialize());
    assert.deepEqual(again.publicIdentity, id.publicIdentity);
    const sig = await id.signAsync(new Uint8Array(3));
    assert.equal(loadedSyncCurves(), undefined, 'the asynchronous members did not load it');
    assert.throws(() => DeviceIdentity.generate(), notLoaded);
    assert.throws(() => DeviceIdentity.deserialize(id.serialize()), notLoaded);
    assert.throws(() => id.sign(new Uint8Array(3)), notLoaded);
    // a malformed serialization is bad input first, whatever is loaded
    assert.throws(
      () => DeviceIdentity.deserialize(new Uint8Array(3)),
      (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_INVALID_INPUT',
    );
    await loadSyncCurves();
    assert.deepEqual(DeviceIdentity.deserialize(id.serialize()).publicIdentity, id.publicIdentity);
    assert.deepEqual(id.sign(new Uint8Array(3)), sig, 'the same deterministic signature');
  } finally {
    setCryptoBackend('auto');
  }
});

describe('device identity', () => {
  before(() => loadSyncCurves());

  it('signs its X25519 key and round-trips through serialize', async () => {
    const id = DeviceIdentity.generate();
    verifyPublicIdentity(id.publicIdentity);
    const enc = encodePublicIdentity(id.publicIdentity);
    assert.equal(enc.length, 128);
    assert.deepEqual(decodePublicIdentity(enc), id.publicIdentity);
    const restored = DeviceIdentity.deserialize(id.serialize());
    assert.deepEqual(restored.publicIdentity, id.publicIdentity);
    assert.deepEqual(
      (await restored.roomAuthKeyAsync('r')).publicKey,
      (await id.roomAuthKeyAsync('r')).publicKey,
    );
  });

  it('the asynchronous (WebCrypto) paths give the same identity as the synchronous ones', async () => {
    // what a browser runs: WebCrypto for the asynchronous paths (Node would use its native backend)
    setCryptoBackend('web');
    try {
      const id = await DeviceIdentity.generateAsync();
      verifyPublicIdentity(id.publicIdentity);
      const bytes = id.serialize();
      const sync = DeviceIdentity.deserialize(bytes);
      assert.deepEqual(sync.publicIdentity, id.publicIdentity);
      const again = await DeviceIdentity.deserializeAsync(bytes);
      assert.deepEqual(again.publicIdentity, id.publicIdentity);
      assert.deepEqual(
        (await again.roomAuthKeyAsync('r')).publicKey,
        (await id.roomAuthKeyAsync('r')).publicKey,
      );
      const authSecret = bytes.slice(65);
      for (const room of ['r', 'r\u00e9union', 'x'.repeat(255)]) {
        const viaPlatform = await id.roomAuthKeyAsync(room);
        const viaNoble = deriveRoomAuthKey(authSecret, room);
        assert.deepEqual(viaPlatform.publicKey, viaNoble.publicKey, room);
        assert.deepEqual(viaPlatform.secretKey.expose(), viaNoble.secretKey.expose(), room);
      }
      assert.notDeepEqual(
        (await id.roomAuthKeyAsync('a')).publicKey,
        (await id.roomAuthKeyAsync('b')).publicKey,
      );
      await assert.rejects(id.roomAuthKeyAsync(''), RangeError);
      const other = DeviceIdentity.generate();
      assert.deepEqual(
        (await DeviceIdentity.deserializeAsync(other.serialize())).publicIdentity,
        other.publicIdentity,
      );
      await assert.rejects(DeviceIdentity.deserializeAsync(bytes.subarray(1)), CryptoError);
    } finally {
      setCryptoBackend('auto');
    }
  });

  it('rejects a swapped X25519 key', () => {
    const a = DeviceIdentity.generate();
    const b = DeviceIdentity.generate();
    assert.throws(
      () => verifyPublicIdentity({ ...a.publicIdentity, dhKey: b.publicIdentity.dhKey }),
      (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_BAD_SIGNATURE',
    );
    const enc = encodePublicIdentity(a.publicIdentity);
    enc[40] = (enc[40] as number) ^ 1;
    assert.throws(() => decodePublicIdentity(enc), CryptoError);
  });

  it('prints only ed25519:<base64> and never its secrets', () => {
    const id = DeviceIdentity.generate();
    const secretHex = toHex(id.serialize().subarray(1, 33));
    for (const s of [String(id), JSON.stringify({ id }), inspect(id)]) {
      assert.match(s, /ed25519:[A-Za-z0-9+/]{43}=/);
      assert.ok(!s.includes(secretHex));
    }
    id.destroy();
    assert.throws(
      () => id.sign(new Uint8Array(1)),
      (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_KEY_DESTROYED',
    );
  });
});

describe('safety numbers', () => {
  let alice: PublicIdentity;
  let bob: PublicIdentity;
  before(async () => {
    alice = (await DeviceIdentity.generateAsync()).publicIdentity;
    bob = (await DeviceIdentity.generateAsync()).publicIdentity;
  });

  it('are stable, order-independent, 60 digits, with a numeric QR payload', () => {
    const ab = safetyNumber({ identity: alice, stableId: 'alice' }, { identity: bob, stableId: 'bob' });
    const ba = safetyNumber({ identity: bob, stableId: 'bob' }, { identity: alice, stableId: 'alice' });
    assert.deepEqual(ab, ba);
    assert.match(ab.digits, /^\d{60}$/);
    assert.match(ab.display, /^(\d{5} ){11}\d{5}$/);
    assert.match(ab.qr, /^1\d{60}$/);
    assert.ok(verifySafetyNumberQr(ab, ba.qr));
  });

  it('change when either identity changes', async () => {
    const eve = (await DeviceIdentity.generateAsync()).publicIdentity;
    const ab = safetyNumber({ identity: alice, stableId: 'alice' }, { identity: bob, stableId: 'bob' });
    const ae = safetyNumber({ identity: alice, stableId: 'alice' }, { identity: eve, stableId: 'bob' });
    assert.notEqual(ab.digits, ae.digits);
    assert.ok(!verifySafetyNumberQr(ab, ae.qr));
  });

  it('golden value (docs/protocol.md)', () => {
    const p = {
      signingKey: new Uint8Array(32).fill(1),
      dhKey: new Uint8Array(32).fill(2),
      dhKeySignature: new Uint8Array(64),
    };
    const q = {
      signingKey: new Uint8Array(32).fill(3),
      dhKey: new Uint8Array(32).fill(4),
      dhKeySignature: new Uint8Array(64),
    };
    assert.equal(safetyNumber({ identity: p, stableId: 'a' }, { identity: q, stableId: 'b' }).digits, GOLDEN);
  });

  it('order independence holds for random identities (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), (k, id) => {
        const p = { signingKey: k, dhKey: k, dhKeySignature: new Uint8Array(64) };
        const x = safetyNumber({ identity: p, stableId: id }, { identity: alice, stableId: 'alice' });
        const y = safetyNumber({ identity: alice, stableId: 'alice' }, { identity: p, stableId: id });
        assert.equal(x.digits, y.digits);
      }),
      { numRuns: 10 },
    );
  });
});

const GOLDEN = '149407111885145224755009923289856185321918443117876361736681';
