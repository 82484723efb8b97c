/**
 * AEAD suites with a one-byte id on the wire. AES-256-GCM is the default; ChaCha20-Poly1305 the alternative
 * chosen per device; XChaCha20-Poly1305 for data at rest (192-bit nonces may be random).
 * Implementations: `@noble/ciphers` (NIST SP 800-38D, RFC 8439 §2.8, draft-irtf-cfrg-xchacha).
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';

/** Suite ids as they appear on the wire (one byte). */
export const AeadSuite = {
  /** AES-256-GCM, 12-byte nonce, 16-byte tag. Default. */
  AES_256_GCM: 0x01,
  /** ChaCha20-Poly1305 (RFC 8439), 12-byte nonce, 16-byte tag. */
  CHACHA20_POLY1305: 0x02,
  /** XChaCha20-Poly1305, 24-byte nonce, 16-byte tag. At rest only. */
  XCHACHA20_POLY1305: 0x03,
} as const;

/** One of the {@link AeadSuite} ids. */
export type AeadSuiteId = (typeof AeadSuite)[keyof typeof AeadSuite];

/** The suite used when a device states no preference. */
export const DEFAULT_AEAD_SUITE: AeadSuiteId = AeadSuite.AES_256_GCM;

/** Key length of every suite, in bytes. */
export const AEAD_KEY_LENGTH = 32;
/** Tag length of every suite, in bytes. */
export const AEAD_TAG_LENGTH = 16;

/** True when `id` is a suite this build implements. */
export function isAeadSuite(id: number): id is AeadSuiteId {
  return (
    id === AeadSuite.AES_256_GCM || id === AeadSuite.CHACHA20_POLY1305 || id === AeadSuite.XCHACHA20_POLY1305
  );
}

/**
 * Nonce length of a suite.
 *
 * @throws CryptoError CRYPTO_UNSUPPORTED_SUITE for an unknown id.
 */
export function aeadNonceLength(suite: number): number {
  if (!isAeadSuite(suite)) throw CryptoError.unsupportedSuite(suite);
  return suite === AeadSuite.XCHACHA20_POLY1305 ? 24 : 12;
}

function cipherFor(suite: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) {
  abytes(key, AEAD_KEY_LENGTH, 'key');
  abytes(nonce, aeadNonceLength(suite), 'nonce');
  abytes(aad, undefined, 'aad');
  switch (suite) {
    case AeadSuite.AES_256_GCM:
      return gcm(key, nonce, aad);
    case AeadSuite.CHACHA20_POLY1305:
      return chacha20poly1305(key, nonce, aad);
    default:
      return xchacha20poly1305(key, nonce, aad);
  }
}

/**
 * Encrypts and authenticates. The caller guarantees `(key, nonce)` is never reused; use
 * {@link MessageSealer} for derived nonces.
 *
 * @param suite - suite id.
 * @param key - 32-byte key.
 * @param nonce - 12 bytes (24 for XChaCha20).
 * @param plaintext - the message.
 * @param aad - associated data (authenticated, not encrypted).
 * @returns ciphertext || 16-byte tag.
 * @throws CryptoError CRYPTO_UNSUPPORTED_SUITE; RangeError on wrong key/nonce length.
 */
export function aeadSeal(
  suite: number,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  abytes(plaintext, undefined, 'plaintext');
  return cipherFor(suite, key, nonce, aad).encrypt(plaintext);
}

/**
 * Verifies and decrypts.
 *
 * @returns the plaintext.
 * @throws CryptoError CRYPTO_DECRYPT_FAILED when the tag does not verify (never partial output).
 */
export function aeadOpen(
  suite: number,
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): Uint8Array {
  abytes(ciphertext, undefined, 'ciphertext');
  const cipher = cipherFor(suite, key, nonce, aad);
  if (ciphertext.length < AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
  try {
    return cipher.decrypt(ciphertext);
  } catch {
    throw CryptoError.decryptFailed();
  }
}
