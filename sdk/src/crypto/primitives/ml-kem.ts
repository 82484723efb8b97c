/**
 * ML-KEM-768 (FIPS 203) through `@noble/post-quantum`.
 *
 * @module
 */
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';

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

/** Generates a key pair (ML-KEM.KeyGen), from the CSPRNG or a 64-byte seed `d || z`. */
export function generateMlKem768(seed?: Uint8Array): MlKem768KeyPair {
  return ml_kem768.keygen(seed ? abytes(seed, ML_KEM_768_SEED_LENGTH, 'seed') : undefined);
}

/**
 * ML-KEM.Encaps: checks the encapsulation key (FIPS 203 §7.2 modulus check) and encapsulates.
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT for a malformed key.
 */
export function mlKem768Encapsulate(publicKey: Uint8Array): {
  ciphertext: Uint8Array;
  sharedSecret: Uint8Array;
} {
  abytes(publicKey, undefined, 'publicKey');
  if (publicKey.length !== ML_KEM_768_PUBLIC_LENGTH) throw CryptoError.invalidInput('ML-KEM-768 public key');
  try {
    const { cipherText, sharedSecret } = ml_kem768.encapsulate(publicKey);
    return { ciphertext: cipherText, sharedSecret };
  } catch (cause) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', 'invalid ML-KEM-768 public key', { cause });
  }
}

/**
 * ML-KEM.Decaps. A ciphertext of the right length always yields a key (implicit rejection, FIPS 203 §6.3);
 * a wrong length is an error.
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT for a ciphertext or key of the wrong length.
 */
export function mlKem768Decapsulate(ciphertext: Uint8Array, secretKey: Uint8Array): Uint8Array {
  abytes(ciphertext, undefined, 'ciphertext');
  abytes(secretKey, undefined, 'secretKey');
  if (ciphertext.length !== ML_KEM_768_CIPHERTEXT_LENGTH)
    throw CryptoError.invalidInput('ML-KEM-768 ciphertext');
  if (secretKey.length !== ML_KEM_768_SECRET_LENGTH) throw CryptoError.invalidInput('ML-KEM-768 secret key');
  return ml_kem768.decapsulate(ciphertext, secretKey);
}
