/**
 * HKDF-SHA256 (RFC 5869) and HMAC-SHA256 (RFC 2104) through `@noble/hashes`, or `node:crypto` when the native
 * backend is active (`native.ts`): `createHmac` for HMAC, HKDF-Extract (one HMAC) and HKDF-Expand (the
 * RFC 5869 §2.3 HMAC chain; cheaper than `hkdfSync` for short outputs). Same bytes either way.
 *
 * @module
 */
import { expand, extract, hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { abytes, equalBytes } from '../bytes.js';
import {
  nativeActive,
  nativeHmacSha256,
  nativeHmacSha256PublicInto,
  nativeHmacSha256Two,
  nativeHmacSha512,
  nativeSha256,
} from './native.js';

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
  if (!nativeActive()) return hkdf(sha256, ikm, salt, info, length);
  // two HMAC calls cost less than one hkdfSync (a KDF job) for the short outputs used here
  const prk = nativeHmacSha256(salt, ikm);
  const okm = hkdfExpand(prk, info, length);
  prk.fill(0);
  return okm;
}

/** HKDF-Extract with SHA-256 (RFC 5869 §2.2): HMAC(salt, ikm); an empty salt equals 32 zero bytes. Returns a 32-byte PRK. */
export function hkdfExtract(ikm: Uint8Array, salt: Uint8Array): Uint8Array {
  abytes(ikm, undefined, 'ikm');
  abytes(salt, undefined, 'salt');
  if (nativeActive()) return nativeHmacSha256(salt, ikm);
  return extract(sha256, ikm, salt);
}

const COUNTER = [Uint8Array.of(1), Uint8Array.of(2), Uint8Array.of(3)];

/**
 * HKDF-Expand with SHA-256 (RFC 5869 §2.3) from a PRK of at least 32 bytes.
 *
 * @throws RangeError when `prk` is shorter than 32 bytes or `length` exceeds 255 * 32.
 */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  abytes(prk, undefined, 'prk');
  abytes(info, undefined, 'info');
  checkLength(length);
  if (prk.length < 32) throw new RangeError('HKDF PRK must be at least 32 bytes');
  if (!nativeActive()) return expand(sha256, prk, info, length);
  // T(i) = HMAC(PRK, T(i-1) || info || i); the first block has no T(0)
  if (length <= 32) {
    const t = nativeHmacSha256Two(prk, info, COUNTER[0] as Uint8Array);
    return length === 32 ? t : t.slice(0, length);
  }
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, off = 0; off < length; i++, off += 32) {
    const counter = i <= 3 ? (COUNTER[i - 1] as Uint8Array) : Uint8Array.of(i);
    const next = nativeHmacSha256Two(prk, t.length ? concat2(t, info) : info, counter);
    t.fill(0);
    t = next;
    out.set(length - off >= 32 ? t : t.subarray(0, length - off), off);
  }
  t.fill(0);
  return out;
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** HMAC-SHA256 of `message` under `key` (32-byte tag). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(key, undefined, 'key');
  abytes(message, undefined, 'message');
  if (nativeActive()) return nativeHmacSha256(key, message);
  return hmac(sha256, key, message);
}

/**
 * HMAC-SHA512 of `message` under `key` (RFC 2104 with SHA-512, RFC 4231): a 64-byte tag. The Double Ratchet's
 * KDF_CK of message version 2 (Signal, "The Double Ratchet Algorithm" §5.2, HMAC with SHA-512) splits it into
 * the next chain key and the message key in one call.
 */
export function hmacSha512(key: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(key, undefined, 'key');
  abytes(message, undefined, 'message');
  if (nativeActive()) return nativeHmacSha512(key, message);
  return hmac(sha512, key, message);
}

/** HMAC-SHA256 under one key, for several messages (see {@link hmacSha256Keyed}). */
export interface KeyedHmacSha256 {
  /** HMAC-SHA256(key, message), 32 bytes. */
  mac(message: Uint8Array): Uint8Array;
  /**
   * The first `length` bytes of HMAC-SHA256(key, message), written into `dest` at `offset`, for a tag that is
   * public anyway (a nonce sent on the wire): on the native backend it passes through a string, which cannot be
   * zeroed.
   *
   * @throws RangeError when `length` is not 0..32 or `dest` has no room for it at `offset`.
   */
  macPublicInto(message: Uint8Array, dest: Uint8Array, offset: number, length: number): void;
  /** Forgets the key material held (the caller still owns the key array). */
  destroy(): void;
}

/**
 * HMAC-SHA256 keyed once and used for several messages: with noble, the padded key blocks are absorbed once
 * and the state cloned per message; with the native backend, each message is one `createHmac` (OpenSSL keys it
 * in C). Same tags as {@link hmacSha256}. The key is copied.
 */
export function hmacSha256Keyed(key: Uint8Array): KeyedHmacSha256 {
  abytes(key, undefined, 'key');
  return nativeActive() ? new NativeKeyedHmac(key) : new NobleKeyedHmac(key);
}

function checkInto(dest: Uint8Array, offset: number, length: number): void {
  abytes(dest, undefined, 'dest');
  if (!Number.isInteger(length) || length < 0 || length > 32) throw new RangeError('length must be 0..32');
  if (!Number.isInteger(offset) || offset < 0 || offset + length > dest.length)
    throw new RangeError('dest has no room for the tag');
}

class NativeKeyedHmac implements KeyedHmacSha256 {
  readonly #key: Uint8Array;
  constructor(key: Uint8Array) {
    this.#key = key.slice();
  }
  mac(message: Uint8Array): Uint8Array {
    return nativeHmacSha256(this.#key, abytes(message, undefined, 'message'));
  }
  macPublicInto(message: Uint8Array, dest: Uint8Array, offset: number, length: number): void {
    checkInto(dest, offset, length);
    nativeHmacSha256PublicInto(this.#key, abytes(message, undefined, 'message'), dest, offset, length);
  }
  destroy(): void {
    this.#key.fill(0);
  }
}

class NobleKeyedHmac implements KeyedHmacSha256 {
  readonly #keyed: ReturnType<typeof hmac.create>;
  constructor(key: Uint8Array) {
    this.#keyed = hmac.create(sha256, key);
  }
  mac(message: Uint8Array): Uint8Array {
    return this.#keyed
      .clone()
      .update(abytes(message, undefined, 'message'))
      .digest();
  }
  macPublicInto(message: Uint8Array, dest: Uint8Array, offset: number, length: number): void {
    checkInto(dest, offset, length);
    const tag = this.mac(message);
    dest.set(tag.subarray(0, length), offset);
  }
  destroy(): void {
    this.#keyed.destroy();
  }
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

/** SHA-256 digest (OpenSSL on the native backend). */
export function sha256Digest(message: Uint8Array): Uint8Array {
  abytes(message, undefined, 'message');
  return nativeActive() ? nativeSha256(message) : sha256(message);
}
