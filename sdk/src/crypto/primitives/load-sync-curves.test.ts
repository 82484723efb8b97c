import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CHUNK_DOWNLOAD_FAILED, failingImports } from '../../../../test/helpers/failing-imports.js';
import { CryptoError } from '../errors.js';
import { DeviceIdentity } from '../identity/index.js';
import { loadedSyncCurves, loadSyncCurves, syncCurves } from './load-sync-curves.js';
import { setCryptoBackend } from './native.js';
import {
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  generateX25519Async,
  x25519DhAsync,
} from './platform-curves.js';
import { randomBytes } from './random.js';

/** Loads of `sync-curves.js` fail while switched on (a real failed load, see the helper). */
const loads = failingImports('sync-curves');

const notLoaded = (e: unknown) =>
  e instanceof CryptoError &&
  e.code === 'CRYPTO_NOT_LOADED' &&
  (e.cause as Error | undefined)?.message === CHUNK_DOWNLOAD_FAILED &&
  !/[0-9a-f]{32}/i.test(e.message);

after(() => setCryptoBackend('auto'));

test('a failed load of the synchronous curve code is CryptoError CRYPTO_NOT_LOADED, for the loader and every call that needs it', async () => {
  loads.fail(true);
  await assert.rejects(loadSyncCurves(), notLoaded);
  assert.equal(loadedSyncCurves(), undefined);
  assert.throws(
    () => syncCurves(),
    (e: unknown) => e instanceof CryptoError && e.code === 'CRYPTO_NOT_LOADED',
  );
  // the 'js' choice needs it for everything
  setCryptoBackend('js');
  await assert.rejects(x25519DhAsync(randomBytes(32), randomBytes(32)), notLoaded);
  await assert.rejects(generateX25519Async(), notLoaded);
  await assert.rejects(ed25519SignAsync(randomBytes(32), randomBytes(8)), notLoaded);
  await assert.rejects(DeviceIdentity.generateAsync(), notLoaded);
  // WebCrypto (a browser) needs it only to decide a signature the platform does not accept: never a verdict
  // made up without it
  setCryptoBackend('web');
  const k = await generateEd25519Async();
  const msg = randomBytes(20);
  const sig = await ed25519SignAsync(k.secretKey, msg);
  assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig), true);
  const id = await DeviceIdentity.generateAsync();
  assert.ok(id.publicIdentity.signingKey.length === 32, 'a group identity needs none of it');
  sig[3] = (sig[3] as number) ^ 1;
  await assert.rejects(ed25519VerifyAsync(k.publicKey, msg, sig), notLoaded);
});

test('the next call after a failed load tries again, and then everything works', async () => {
  loads.fail(false);
  setCryptoBackend('js');
  const curves = await loadSyncCurves();
  assert.equal(loadedSyncCurves(), curves);
  assert.equal(syncCurves(), curves);
  assert.equal(await loadSyncCurves(), curves, 'loaded once');
  const a = await generateX25519Async();
  const b = curves.generateX25519();
  assert.deepEqual(await x25519DhAsync(a.secretKey, b.publicKey), curves.x25519Dh(b.secretKey, a.publicKey));
  setCryptoBackend('web');
  const k = await generateEd25519Async();
  const msg = randomBytes(20);
  const sig = await ed25519SignAsync(k.secretKey, msg);
  sig[3] = (sig[3] as number) ^ 1;
  assert.equal(await ed25519VerifyAsync(k.publicKey, msg, sig), false);
  assert.equal(DeviceIdentity.generate().publicIdentity.dhKey.length, 32);
});
