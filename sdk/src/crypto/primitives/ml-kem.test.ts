import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptoError } from '../errors.js';
import { PrekeyStore } from '../handshake/index.js';
import { DeviceIdentity } from '../identity/index.js';
import {
  generateMlKem768,
  loadMlKem768,
  loadSyncCurves,
  ML_KEM_768_CIPHERTEXT_LENGTH,
  ML_KEM_768_PUBLIC_LENGTH,
  ML_KEM_768_SECRET_LENGTH,
  mlKem768Decapsulate,
  mlKem768Encapsulate,
  mlKem768Loaded,
} from './index.js';

// DeviceIdentity's synchronous members, as the 1:1 rooms' code uses them (its loader awaits the same).
await loadSyncCurves();

const notLoaded = (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_NOT_LOADED';

// Node runs each test file in its own process: nothing has loaded ML-KEM-768 before this file's tests, which
// run in order.
test('before loadMlKem768() every ML-KEM-768 call throws CryptoError CRYPTO_NOT_LOADED', () => {
  assert.equal(mlKem768Loaded(), false);
  assert.throws(() => generateMlKem768(), notLoaded);
  assert.throws(() => mlKem768Encapsulate(new Uint8Array(ML_KEM_768_PUBLIC_LENGTH)), notLoaded);
  assert.throws(
    () =>
      mlKem768Decapsulate(
        new Uint8Array(ML_KEM_768_CIPHERTEXT_LENGTH),
        new Uint8Array(ML_KEM_768_SECRET_LENGTH),
      ),
    notLoaded,
  );
  // The prekey store's constructor makes a last-resort ML-KEM prekey: it cannot run before the load either.
  assert.throws(() => new PrekeyStore(DeviceIdentity.generate()), notLoaded);
  // Wrong lengths are still bad input first, whatever is loaded.
  assert.throws(
    () => mlKem768Encapsulate(new Uint8Array(3)),
    (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_INVALID_INPUT',
  );
});

test('loadMlKem768() loads once; afterwards keys encapsulate and decapsulate to the same secret', async () => {
  const first = loadMlKem768();
  assert.equal(loadMlKem768(), first, 'a second call shares the load in flight');
  await first;
  assert.equal(mlKem768Loaded(), true);
  assert.equal(loadMlKem768(), first, 'and the finished one');
  const kp = generateMlKem768();
  assert.equal(kp.publicKey.length, ML_KEM_768_PUBLIC_LENGTH);
  const { ciphertext, sharedSecret } = mlKem768Encapsulate(kp.publicKey);
  assert.deepEqual(mlKem768Decapsulate(ciphertext, kp.secretKey), sharedSecret);
});

test('PrekeyStore.create loads ML-KEM-768 and makes a store with a last-resort PQ prekey', async () => {
  const store = await PrekeyStore.create(DeviceIdentity.generate());
  assert.equal(store.bundle().pqPrekey.publicKey.length, ML_KEM_768_PUBLIC_LENGTH);
});
