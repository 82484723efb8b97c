/**
 * ML-KEM-768 (FIPS 203) through `@noble/post-quantum`, loaded on first use: only 1:1 rooms (PQXDH) need it,
 * so `@noble/post-quantum` is a separate chunk in bundles that split (the widget's
 * `cryptalk-worker-ml-kem.js` and `cryptalk-client-ml-kem.js`). Await {@link loadMlKem768} once before the
 * synchronous functions below; before that they throw `CRYPTO_NOT_LOADED`.
 *
 * @module
 */
import type { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { loadOnce } from '../lazy-load.js';

/** noble's ML-KEM-768 object. */
type MlKem768 = typeof ml_kem768;

/** The implementation once {@link loadMlKem768} resolved. */
let impl: MlKem768 | undefined;

/**
 * Loads ML-KEM-768 (once; later calls return the same promise). Resolves at once when it is already loaded.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED (rejects) when its code could not be loaded (e.g. a failed chunk
 *   download); a later call tries again.
 * @example
 * await loadMlKem768(); const { publicKey } = generateMlKem768();
 */
export const loadMlKem768: () => Promise<void> = loadOnce(
  () =>
    import('@noble/post-quantum/ml-kem.js').then((m) => {
      impl = m.ml_kem768;
    }),
  (cause) => CryptoError.notLoaded('ML-KEM-768', cause),
);

/** Whether {@link loadMlKem768} has finished, i.e. the synchronous functions may be called. */
export function mlKem768Loaded(): boolean {
  return impl !== undefined;
}

function mlKem(): MlKem768 {
  if (!impl) throw CryptoError.notLoaded('ML-KEM-768');
  return impl;
}

/** ML-KEM-768 encapsulation key length. */
export const ML_KEM_768_PUBLIC_LENGTH = 1184;
/** ML-KEM-768 decapsulation key length. */
export const ML_KEM_768_SECRET_LENGTH = 2400;
/** ML-KEM-768 ciphertext length. */
export const ML_KEM_768_CIPHERTEXT_LENGTH = 1088;
/** ML-KEM-768 shared secret length. */
export const ML_KEM_768_SHARED_LENGTH = 32;
/** ML-KEM-768 key-generation seed length (d || z, FIPS 203 §7.1). */
export const ML_KEM_768_SEED_LENGTH = 64;

/** An ML-KEM-768 key pair. */
export interface MlKem768KeyPair {
  /** 1184-byte encapsulation key. */
  publicKey: Uint8Array;
  /** 2400-byte decapsulation key. */
  secretKey: Uint8Array;
}

/**
 * Generates a key pair (ML-KEM.KeyGen), from the CSPRNG or a 64-byte seed `d || z`.
 *
 * @throws CryptoError CRYPTO_NOT_LOADED before {@link loadMlKem768} resolved.
 */
export function generateMlKem768(seed?: Uint8Array): MlKem768KeyPair {
  return mlKem().keygen(seed ? abytes(seed, ML_KEM_768_SEED_LENGTH, 'seed') : undefined);
}

/**
 * ML-KEM.Encaps: checks the encapsulation key (FIPS 203 §7.2 modulus check) and encapsulates.
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT for a malformed key; CRYPTO_NOT_LOADED before {@link loadMlKem768}
 *   resolved.
 */
export function mlKem768Encapsulate(publicKey: Uint8Array): {
  ciphertext: Uint8Array;
  sharedSecret: Uint8Array;
} {
  abytes(publicKey, undefined, 'publicKey');
  if (publicKey.length !== ML_KEM_768_PUBLIC_LENGTH) throw CryptoError.invalidInput('ML-KEM-768 public key');
  const kem = mlKem();
  try {
    const { cipherText, sharedSecret } = kem.encapsulate(publicKey);
    return { ciphertext: cipherText, sharedSecret };
  } catch (cause) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', 'invalid ML-KEM-768 public key', { cause });
  }
}

/**
 * ML-KEM.Decaps. A ciphertext of the right length always yields a key (implicit rejection, FIPS 203 §6.3);
 * a wrong length is an error.
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT for a ciphertext or key of the wrong length; CRYPTO_NOT_LOADED
 *   before {@link loadMlKem768} resolved.
 */
export function mlKem768Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array {
  abytes(ciphertext, undefined, 'ciphertext');
  abytes(secretKey, undefined, 'secretKey');
  if (ciphertext.length !== ML_KEM_768_CIPHERTEXT_LENGTH)
    throw CryptoError.invalidInput('ML-KEM-768 ciphertext');
  if (secretKey.length !== ML_KEM_768_SECRET_LENGTH) throw CryptoError.invalidInput('ML-KEM-768 secret key');
  return mlKem().decapsulate(ciphertext, secretKey);
}
