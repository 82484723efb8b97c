/**
 * Loads the code that creates groups and MLS members (`mls-create.ts`) on first use.
 *
 * @module
 */
import { CryptoError } from '../errors.js';
import { loadOnce } from '../lazy-load.js';

/** The creation module (ts-mls's `createGroup` and `generateKeyPackage`, with GREASE). */
export type MlsCreateModule = typeof import('./mls-create.js');

/**
 * Loads what creating a group or a member runs (once; later calls return the same promise): a device that only
 * opens rooms it already has never downloads it.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when its code could not be loaded; a later call tries again.
 */
export const loadMlsCreate: () => Promise<MlsCreateModule> = loadOnce(
  () => import('./mls-create.js'),
  (cause) => CryptoError.notLoaded('MLS group creation', cause),
);
