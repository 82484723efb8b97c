/**
 * XChaCha20-Poly1305 on the native backend, by its defining construction (draft-irtf-cfrg-xchacha-03 §2.3):
 *
 * ```
 * subkey = HChaCha20(key, nonce[0..16])                                  (§2.2, noble's `hchacha`)
 * XChaCha20-Poly1305(key, nonce) = ChaCha20-Poly1305(subkey, 0x00000000 || nonce[16..24])   (RFC 8439 §2.8)
 * ```
 *
 * HChaCha20 is one ChaCha20 block function without the final addition, a microsecond or less in JavaScript;
 * the ChaCha20 stream and Poly1305 over the record are the bulk of the cost, and OpenSSL runs those (Node's
 * `chacha20-poly1305` through `native.ts`). No new primitive: the same bytes as noble's `xchacha20poly1305`,
 * which builds the same subkey and nonce before running the same cipher (the Wycheproof XChaCha20-Poly1305 file
 * and the backend-parity test run both backends case by case).
 *
 * The subkey, the key words it is derived from and the 12-byte nonce live in one reused scratch buffer, zeroed
 * after every call (JavaScript is single-threaded and every call here is synchronous, so no other call sees it).
 * OpenSSL keeps the subkey in its cipher context only for the one call.
 *
 * Only `aead.ts` calls this module, and only when {@link nativeActive} is true: browsers keep noble.
 *
 * @module
 */
import { hchacha } from '@noble/ciphers/chacha.js';
import { nativeAeadOpen, nativeAeadSealInto } from './native.js';

/**
 * Scratch words: sigma (4, "expand 32-byte k"), key (8), nonce prefix (4), subkey (8), ChaCha20-Poly1305 nonce
 * (3). noble's `hchacha` takes native-endian word views of byte strings, as its own `xchacha20poly1305` passes
 * them; copying the bytes into word-aligned views gives the same words on every host, and the subkey's byte view
 * is the subkey on every host (`hchacha` stores its output words in little-endian byte order).
 */
const words = new Uint32Array(4 + 8 + 4 + 8 + 3);
const bytes = new Uint8Array(words.buffer);
const sigma = words.subarray(0, 4);
const keyWords = words.subarray(4, 12);
const keyBytes = bytes.subarray(16, 48);
const prefixWords = words.subarray(12, 16);
const prefixBytes = bytes.subarray(48, 64);
const subkeyWords = words.subarray(16, 24);
const subkey = bytes.subarray(64, 96);
/** RFC 8439 nonce: a 32-bit zero block counter prefix, then the last 8 bytes of the 24-byte nonce. */
const chachaNonce = bytes.subarray(96, 108);

bytes.set(new TextEncoder().encode('expand 32-byte k'), 0);

/** Derives the subkey into the scratch and writes the 12-byte nonce; the caller zeroes with {@link wipe}. */
function derive(key: Uint8Array, nonce: Uint8Array): void {
  keyBytes.set(key);
  prefixBytes.set(nonce.subarray(0, 16));
  hchacha(sigma, keyWords, prefixWords, subkeyWords);
  chachaNonce.fill(0, 0, 4);
  chachaNonce.set(nonce.subarray(16, 24), 4);
}

/** Zeroes everything but sigma. */
function wipe(): void {
  bytes.fill(0, 16);
}

/**
 * XChaCha20-Poly1305 seal writing `ciphertext || tag(16)` into `dest` at `offset`. The caller has checked the
 * key (32 bytes), the nonce (24 bytes) and the room in `dest`. Requires `nativeActive()`.
 */
export function nativeXChaChaSealInto(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  dest: Uint8Array,
  offset: number,
): void {
  try {
    derive(key, nonce);
    nativeAeadSealInto('chacha20-poly1305', subkey, chachaNonce, plaintext, aad, dest, offset);
  } finally {
    wipe();
  }
}

/**
 * XChaCha20-Poly1305 open of `ciphertext || tag(16)` (at least 16 bytes, checked by the caller). Requires
 * `nativeActive()`.
 *
 * @returns the plaintext, or `undefined` when the tag does not verify (no partial output escapes).
 */
export function nativeXChaChaOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
): Uint8Array | undefined {
  try {
    derive(key, nonce);
    return nativeAeadOpen('chacha20-poly1305', subkey, chachaNonce, sealed, aad);
  } finally {
    wipe();
  }
}
