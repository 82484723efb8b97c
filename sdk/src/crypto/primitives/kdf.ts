/**
 * HKDF-SHA256 (RFC 5869) and HMAC-SHA256 (RFC 2104) through `@noble/hashes`.
 *
 * @module
 */
import { expand, extract, hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { abytes, equalBytes } from '../bytes.js';

/** Largest HKDF-SHA256 output: 255 * HashLen (RFC 5869 §2.3). */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0 || length > HKDF_SHA256_MAX_LENGTH) {
    throw new RangeError(`HKDF output length must be 0..${HKDF_SHA256_MAX_LENGTH}`);
  }
}

/**
 * HKDF-SHA256 extract-then-expand (RFC 5869 §2).
 *
 * @param ikm - input keying material.
 * @param salt - salt; empty means HashLen zero bytes.
 * @param info - context / label bytes.
 * @param length - output bytes, at most 8160.
 * @throws RangeError when `length` exceeds 255 * 32.
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  abytes(ikm, undefined, 'ikm');
  abytes(salt, undefined, 'salt');
  abytes(info, undefined, 'info');
  checkLength(length);
  if (length === 0) return new Uint8Array(0);
  return hkdf(sha256, ikm, salt, info, length);
}

/** HKDF-Extract with SHA-256 (RFC 5869 §2.2). Returns a 32-byte PRK. */
export function hkdfExtract(ikm: Uint8Array, salt: Uint8Array): Uint8Array {
  return extract(sha256, abytes(ikm, undefined, 'ikm'), abytes(salt, undefined, 'salt'));
}

/** HKDF-Expand with SHA-256 (RFC 5869 §2.3) from a PRK of at least 32 bytes. */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  abytes(prk, undefined, 'prk');
  checkLength(length);
  return expand(sha256, prk, abytes(info, undefined, 'info'), length);
}

/** HMAC-SHA256 of `message` under `key` (32-byte tag). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(sha256, abytes(key, undefined, 'key'), abytes(message, undefined, 'message'));
}

/**
 * Verifies an HMAC-SHA256 tag in constant time. A tag shorter than 32 bytes is compared as a truncated
 * tag (RFC 2104 §5) but never shorter than 16 bytes.
 *
 * @returns true when the tag matches.
 */
export function hmacSha256Verify(key: Uint8Array, message: Uint8Array, tag: Uint8Array): boolean {
  abytes(tag, undefined, 'tag');
  if (tag.length < 16 || tag.length > 32) return false;
  return equalBytes(hmacSha256(key, message).subarray(0, tag.length), tag);
}

/** SHA-256 digest. */
export function sha256Digest(message: Uint8Array): Uint8Array {
  return sha256(abytes(message, undefined, 'message'));
}
