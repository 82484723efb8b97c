/**
 * Primitive wrappers of the crypto core. Everything above uses these, never noble directly.
 *
 * The synchronous curve functions (`ed25519.ts`, `x25519.ts`) bundle `@noble/curves`: code on a browser's way to a
 * group room uses the asynchronous ones (`platform-curves.ts`), which load them only when needed
 * (`load-sync-curves.ts`).
 *
 * @module
 */

export { aeadOpen, aeadSeal, aeadSealInto, namedAeadOpen, namedAeadSeal } from './aead.js';
export {
  AEAD_KEY_LENGTH,
  AEAD_TAG_LENGTH,
  AeadSuite,
  type AeadSuiteId,
  aeadNonceLength,
  DEFAULT_AEAD_SUITE,
  isAeadSuite,
  type NamedAead,
  namedAeadOpenAsync,
  namedAeadSealAsync,
  xchachaOpen,
  xchachaSeal,
} from './aead-base.js';
export {
  ED25519_PUBLIC_LENGTH,
  ED25519_SECRET_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519KeyPair,
  X25519_KEY_LENGTH,
  type X25519KeyPair,
} from './curve-checks.js';
export { ed25519PublicKey, ed25519Sign, ed25519Verify, generateEd25519 } from './ed25519.js';
export {
  HKDF_SHA256_MAX_LENGTH,
  hkdfExpand,
  hkdfExtract,
  hkdfSha256,
  hmacSha256,
  hmacSha256Keyed,
  hmacSha256Verify,
  hmacSha512,
  type KeyedHmacSha256,
  sha256Digest,
} from './kdf.js';
export { loadedSyncCurves, loadSyncCurves, type SyncCurves, syncCurves } from './load-sync-curves.js';
export { type MessageBinding, MessageOpener, MessageSealer, SEALED_HEADER_LENGTH } from './message-sealer.js';
export {
  generateMlKem768,
  loadMlKem768,
  ML_KEM_768_CIPHERTEXT_LENGTH,
  ML_KEM_768_PUBLIC_LENGTH,
  ML_KEM_768_SECRET_LENGTH,
  ML_KEM_768_SEED_LENGTH,
  ML_KEM_768_SHARED_LENGTH,
  type MlKem768KeyPair,
  mlKem768Decapsulate,
  mlKem768Encapsulate,
  mlKem768Loaded,
} from './ml-kem.js';
export {
  activeCryptoBackend,
  CRYPTO_BACKEND_ENV,
  type CryptoBackend,
  type CryptoBackendChoice,
  nativeCryptoAvailable,
  setCryptoBackend,
} from './native.js';
export {
  ed25519PublicKeyAsync,
  ed25519SignAsync,
  ed25519VerifyAsync,
  generateEd25519Async,
  generateX25519Async,
  platformCurveSupport,
  x25519DhAsync,
  x25519PublicKeyAsync,
} from './platform-curves.js';
export { randomBytes } from './random.js';
export { generateX25519, x25519Dh, x25519PublicKey } from './x25519.js';
