/**
 * The browser build of `native.ts`: the same exports, without `node:crypto`. Browsers never have the native
 * backend (`native.ts` finds no `process.getBuiltinModule` there), so the widget's bundles resolve `native.js`
 * to this module (`widget/rollup.widget.mjs`): the wrappers' native branches then fold away at build time,
 * with the OpenSSL calls and the load-time self-test behind them (`native.test.ts` checks that both modules
 * export the same names and that this one answers as `native.ts` does on a host without `node:crypto`).
 *
 * The choice (`'auto'`, `'js'`, `'web'`) is kept as in `native.ts`: `platform-curves.ts` reads it to decide
 * whether the asynchronous curve functions may use WebCrypto.
 *
 * @module
 */
import type * as Native from './native.js';
import type { CryptoBackend, CryptoBackendChoice } from './native.js';

export type { CryptoBackend, CryptoBackendChoice, NativeAeadAlgorithm } from './native.js';

/** Environment variable that forces the pure-JavaScript backend when set to `js` (read on Node only). */
export const CRYPTO_BACKEND_ENV: typeof Native.CRYPTO_BACKEND_ENV = 'CRYPTALK_CRYPTO';

let choice: CryptoBackendChoice = 'auto';

/**
 * Chooses the crypto backend of the primitive wrappers (see `native.ts`). In a browser every choice runs
 * noble's synchronous code; `'js'` also keeps the asynchronous curve functions off WebCrypto.
 *
 * @param backend - `'auto'`, `'js'` or `'web'`.
 * @returns `'js'`, the only backend a browser has.
 * @throws TypeError on any other value.
 */
export function setCryptoBackend(backend: CryptoBackendChoice): CryptoBackend {
  if (backend !== 'auto' && backend !== 'js' && backend !== 'web')
    throw new TypeError("backend must be 'auto', 'js' or 'web'");
  choice = backend;
  return 'js';
}

/** The backend the primitive wrappers use: always `'js'` in a browser. */
export function activeCryptoBackend(): CryptoBackend {
  return 'js';
}

/** Whether the host offers the native backend: never in a browser. */
export function nativeCryptoAvailable(): boolean {
  return false;
}

/** The current choice (`'auto'`, `'js'` or `'web'`). */
export function cryptoBackendChoice(): CryptoBackendChoice {
  return choice;
}

/** Whether the wrappers take the native path: never in a browser (their native branches fold away). */
export function nativeActive(): boolean {
  return false;
}

/** The native operations, never reached: every caller checks {@link nativeActive} first. */
function unreachable(): never {
  throw new Error('node:crypto is not part of the browser build');
}

export const nativeAeadSeal: typeof Native.nativeAeadSeal = unreachable;
export const nativeAeadSealInto: typeof Native.nativeAeadSealInto = unreachable;
export const nativeAeadOpen: typeof Native.nativeAeadOpen = unreachable;
export const nativeHmacSha256: typeof Native.nativeHmacSha256 = unreachable;
export const nativeHmacSha512: typeof Native.nativeHmacSha512 = unreachable;
export const nativeHmacSha256PublicInto: typeof Native.nativeHmacSha256PublicInto = unreachable;
export const nativeSha256: typeof Native.nativeSha256 = unreachable;
export const nativeHmacSha256Two: typeof Native.nativeHmacSha256Two = unreachable;
export const nativeX25519: typeof Native.nativeX25519 = unreachable;
export const nativeX25519Generate: typeof Native.nativeX25519Generate = unreachable;
export const nativeX25519PublicKey: typeof Native.nativeX25519PublicKey = unreachable;
export const nativeEd25519PublicKey: typeof Native.nativeEd25519PublicKey = unreachable;
export const nativeEd25519Sign: typeof Native.nativeEd25519Sign = unreachable;
export const nativeEd25519Verify: typeof Native.nativeEd25519Verify = unreachable;
