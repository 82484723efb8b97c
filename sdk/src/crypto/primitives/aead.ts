/**
 * The synchronous seal and open of every AEAD suite ({@link AeadSuite}: AES-256-GCM, the default of 1:1 rooms;
 * ChaCha20-Poly1305, the alternative chosen per device; XChaCha20-Poly1305 at rest) and of the named AEADs of
 * other protocols. Implementations: `@noble/ciphers` (NIST SP 800-38D, RFC 8439 §2.8, draft-irtf-cfrg-xchacha);
 * the native backend (`native.ts`) runs AES-256-GCM and ChaCha20-Poly1305 on `node:crypto` with the same bytes
 * and failures, and XChaCha20-Poly1305 as in `aead-base.ts`. The suite ids, the at-rest functions and the
 * asynchronous named AEADs live in `aead-base.ts`, so code that needs only those bundles no
 * JavaScript AES.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import {
  AEAD_TAG_LENGTH,
  AeadSuite,
  check,
  EMPTY,
  type NamedAead,
  type NativeSuitePath,
  namedCheck,
  openNative,
  openNoble,
} from './aead-base.js';
import { nativeActive, nativeAeadSeal, nativeAeadSealInto } from './native.js';
import { nativeXChaChaSealInto } from './xchacha-native.js';

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
