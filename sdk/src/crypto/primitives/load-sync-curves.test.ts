import assert from 'node:assert/strict';
import { register } from 'node:module';
import { after, test } from 'node:test';
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

/**
 * A real failed load: a module resolve hook (Node's loader, the way a browser's chunk download fails) refuses
 * `sync-curves.js` while `failing[0]` is 1. Node runs each test file in its own process, so nothing loaded it
 * before.
 */
const failing = new Int32Array(new SharedArrayBuffer(4));
const hook = `
let failing;
export function initialize(data) { failing = data.failing; }
export async function resolve(specifier, context, next) {
  if (Atomics.load(failing, 0) === 1 && /\\/sync-curves\\.(js|ts)$/.test(specifier))
    throw new Error('chunk download failed');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { failing } });

const notLoaded = (e: unknown) =>
  e instanceof CryptoError &&
  e.code === 'CRYPTO_NOT_LOADED' &&
  (e.cause as Error | undefined)?.message === 'chunk download failed' &&
  !/[0-9a-f]{32}/i.test(e.message);

after(() => setCryptoBackend('auto'));

test('a failed load of the synchronous curve code is CryptoError CRYPTO_NOT_LOADED, for the loader and every call that needs it', async () => {
  Atomics.store(failing, 0, 1);
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
  Atomics.store(failing, 0, 0);
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
