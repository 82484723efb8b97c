/**
 * AEAD suites with a one-byte id on the wire. AES-256-GCM is the default; ChaCha20-Poly1305 the alternative
 * chosen per device; XChaCha20-Poly1305 for data at rest (192-bit nonces may be random).
 * Implementations: `@noble/ciphers` (NIST SP 800-38D, RFC 8439 §2.8, draft-irtf-cfrg-xchacha); AES-256-GCM and
 * ChaCha20-Poly1305 run on `node:crypto` instead when the native backend is active (`native.ts`), with the same
 * bytes and the same failures, and so does XChaCha20-Poly1305, as noble's HChaCha20 subkey followed by native
 * ChaCha20-Poly1305 (`xchacha-native.ts`, the draft's own construction). Browsers have no WebCrypto ChaCha:
 * they run noble for both ChaCha suites.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import {
  type NativeAeadAlgorithm,
  nativeActive,
  nativeAeadOpen,
  nativeAeadSeal,
  nativeAeadSealInto,
} from './native.js';
import { nativeXChaChaOpen, nativeXChaChaSealInto } from './xchacha-native.js';

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

const EMPTY = new Uint8Array(0);

/** The native path of a suite: one of OpenSSL's AEADs, or XChaCha20-Poly1305 built on its ChaCha20-Poly1305. */
type NativeSuitePath = NativeAeadAlgorithm | 'xchacha20-poly1305';

/** Checks the arguments shared by seal and open; returns the suite's native path. */
function check(suite: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): NativeSuitePath {
  abytes(key, AEAD_KEY_LENGTH, 'key');
  abytes(nonce, aeadNonceLength(suite), 'nonce');
  abytes(aad, undefined, 'aad');
  switch (suite) {
    case AeadSuite.AES_256_GCM:
      return 'aes-256-gcm';
    case AeadSuite.CHACHA20_POLY1305:
      return 'chacha20-poly1305';
    case AeadSuite.XCHACHA20_POLY1305:
      return 'xchacha20-poly1305';
    default:
      throw CryptoError.unsupportedSuite(suite);
  }
}

/** The native seal of every suite, into `dest` at `offset` (checked by the caller). */
function sealNativeInto(
  path: NativeSuitePath,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  dest: Uint8Array,
  offset: number,
): void {
  if (path === 'xchacha20-poly1305') nativeXChaChaSealInto(key, nonce, plaintext, aad, dest, offset);
  else nativeAeadSealInto(path, key, nonce, plaintext, aad, dest, offset);
}

function nobleCipher(suite: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) {
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
  aad: Uint8Array = EMPTY,
): Uint8Array {
  abytes(plaintext, undefined, 'plaintext');
  const path = check(suite, key, nonce, aad);
  if (!nativeActive()) return nobleCipher(suite, key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(plaintext.length + AEAD_TAG_LENGTH);
  sealNativeInto(path, key, nonce, plaintext, aad, out, 0);
  return out;
}

/**
 * {@link aeadSeal} writing `ciphertext || tag` into `dest` at `offset` rather than into a new array (a message
 * layout that already holds the output saves an allocation and a copy).
 *
 * @throws RangeError when `dest` has no room for `plaintext.length + 16` bytes at `offset`; as {@link aeadSeal}
 *   otherwise.
 */
export function aeadSealInto(
  suite: number,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  dest: Uint8Array,
  offset: number,
): void {
  abytes(plaintext, undefined, 'plaintext');
  abytes(dest, undefined, 'dest');
  if (!Number.isInteger(offset) || offset < 0 || offset + plaintext.length + AEAD_TAG_LENGTH > dest.length)
    throw new RangeError('dest has no room for the sealed output');
  const path = check(suite, key, nonce, aad);
  if (nativeActive()) sealNativeInto(path, key, nonce, plaintext, aad, dest, offset);
  else dest.set(nobleCipher(suite, key, nonce, aad).encrypt(plaintext), offset);
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
  aad: Uint8Array = EMPTY,
): Uint8Array {
  abytes(ciphertext, undefined, 'ciphertext');
  const path = check(suite, key, nonce, aad);
  if (ciphertext.length < AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
  if (nativeActive()) return openNative(path, key, nonce, ciphertext, aad);
  return openNoble(nobleCipher(suite, key, nonce, aad), ciphertext);
}

/** AEADs named by other protocols (MLS and HPKE ciphersuites), 12-byte nonce and 16-byte tag. */
export type NamedAead = 'AES128GCM' | 'AES256GCM' | 'CHACHA20POLY1305';

const NAMED: Record<NamedAead, { keyLength: number; alg: NativeAeadAlgorithm }> = {
  AES128GCM: { keyLength: 16, alg: 'aes-128-gcm' },
  AES256GCM: { keyLength: 32, alg: 'aes-256-gcm' },
  CHACHA20POLY1305: { keyLength: 32, alg: 'chacha20-poly1305' },
};

function namedCheck(
  name: NamedAead,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
): NativeAeadAlgorithm {
  const n = NAMED[name];
  if (!n) throw new TypeError('unknown AEAD');
  abytes(key, n.keyLength, 'key');
  abytes(nonce, 12, 'nonce');
  abytes(aad, undefined, 'aad');
  return n.alg;
}

function nobleNamed(name: NamedAead, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) {
  return name === 'CHACHA20POLY1305' ? chacha20poly1305(key, nonce, aad) : gcm(key, nonce, aad);
}

/**
 * {@link aeadSeal} for an AEAD named by another protocol (MLS / HPKE): AES-128-GCM (16-byte key), AES-256-GCM
 * or ChaCha20-Poly1305 (32-byte keys), on the active backend.
 *
 * @returns ciphertext || 16-byte tag.
 * @throws RangeError on wrong key or nonce length.
 */
export function namedAeadSeal(
  name: NamedAead,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  const alg = namedCheck(name, key, nonce, aad);
  abytes(plaintext, undefined, 'plaintext');
  if (nativeActive()) return nativeAeadSeal(alg, key, nonce, plaintext, aad);
  return nobleNamed(name, key, nonce, aad).encrypt(plaintext);
}

/**
 * {@link aeadOpen} for an AEAD named by another protocol (see {@link namedAeadSeal}).
 *
 * @throws CryptoError CRYPTO_DECRYPT_FAILED when the tag does not verify; RangeError on wrong lengths.
 */
export function namedAeadOpen(
  name: NamedAead,
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  const alg = namedCheck(name, key, nonce, aad);
  abytes(ciphertext, undefined, 'ciphertext');
  if (ciphertext.length < AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
  if (nativeActive()) return openNative(alg, key, nonce, ciphertext, aad);
  return openNoble(nobleNamed(name, key, nonce, aad), ciphertext);
}

/**
 * The native open both entry points share, after their checks (including "at least a tag"): every failure is the
 * same CRYPTO_DECRYPT_FAILED. No closure or noble object is built on this path.
 */
function openNative(
  path: NativeSuitePath,
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array,
): Uint8Array {
  const plaintext =
    path === 'xchacha20-poly1305'
      ? nativeXChaChaOpen(key, nonce, ciphertext, aad)
      : nativeAeadOpen(path, key, nonce, ciphertext, aad);
  if (!plaintext) throw CryptoError.decryptFailed();
  return plaintext;
}

/** The noble open both entry points share: every failure is the same CRYPTO_DECRYPT_FAILED. */
function openNoble(
  cipher: { decrypt(ciphertext: Uint8Array): Uint8Array },
  ciphertext: Uint8Array,
): Uint8Array {
  try {
    return cipher.decrypt(ciphertext);
  } catch {
    throw CryptoError.decryptFailed();
  }
}
