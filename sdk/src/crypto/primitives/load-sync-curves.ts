/**
 * Loads the synchronous X25519 and Ed25519 code (`sync-curves.ts`, which bundles `@noble/curves`) on first need.
 * A browser with WebCrypto X25519 and Ed25519 never needs it on the way to a group room: `platform-curves.ts`
 * loads it only when the platform lacks an algorithm, refuses a key, or (for a rejected signature) to have
 * noble's strict verifier decide; the `'js'` backend choice and the native backend (Node) load it at their first
 * curve operation. Code that needs the synchronous functions without importing them (a `DeviceIdentity`'s
 * synchronous members) awaits {@link loadSyncCurves} once, as ML-KEM-768's users await `loadMlKem768()`.
 *
 * @module
 */
import { CryptoError } from '../errors.js';
import { loadOnce } from '../lazy-load.js';

/** The synchronous curve functions (`generateX25519`, `x25519Dh`, `ed25519Sign`, `ed25519Verify`, …). */
export type SyncCurves = typeof import('./sync-curves.js');

/** The module once {@link loadSyncCurves} resolved. */
let impl: SyncCurves | undefined;

/**
 * Loads the synchronous curve functions (once; later calls return the same promise).
 *
 * @returns the module with `x25519Dh`, `x25519PublicKey`, `generateX25519`, `ed25519Sign`, `ed25519Verify`,
 *   `ed25519PublicKey` and `generateEd25519`.
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when its code could not be loaded (e.g. a failed chunk
 *   download); a later call tries again.
 * @example
 * const { x25519Dh } = await loadSyncCurves();
 */
export const loadSyncCurves: () => Promise<SyncCurves> = loadOnce(
  () =>
    import('./sync-curves.js').then((m) => {
      impl = m;
      return m;
    }),
  (cause) => CryptoError.notLoaded('X25519/Ed25519', cause),
);

/** The synchronous curve functions if {@link loadSyncCurves} has finished, else `undefined`. */
export function loadedSyncCurves(): SyncCurves | undefined {
  return impl;
}

/**
 * The synchronous curve functions, for synchronous callers after {@link loadSyncCurves} resolved.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED before that.
 */
export function syncCurves(): SyncCurves {
  if (!impl) throw CryptoError.notLoaded('X25519/Ed25519');
  return impl;
}
