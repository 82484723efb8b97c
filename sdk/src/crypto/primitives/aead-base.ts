/**
 * AEAD suites with a one-byte id on the wire, and the AEAD functions whose bundle carries no JavaScript AES:
 * XChaCha20-Poly1305 for data at rest (192-bit nonces may be random) and the named AEADs of MLS / HPKE as
 * promises, whose AES-GCM runs on the platform (`node:crypto` through `native.ts`, else WebCrypto, else noble's
 * loaded on first use). The synchronous functions of every suite (AES-256-GCM is the 1:1 rooms' default) are in
 * `aead.ts`, which the widget loads only with the rooms that need them.
 * Implementations: `@noble/ciphers` (RFC 8439 §2.8, draft-irtf-cfrg-xchacha); ChaCha20-Poly1305 runs on
 * `node:crypto` instead when the native backend is active, with the same bytes and the same failures, and so
 * does XChaCha20-Poly1305, as noble's HChaCha20 subkey followed by native ChaCha20-Poly1305
 * (`xchacha-native.ts`, the draft's own construction). Browsers have no WebCrypto ChaCha: they run noble for both
 * ChaCha suites.
 *
 * @module
 */
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { loadOnce } from '../lazy-load.js';
import {
  cryptoBackendChoice,
  type NativeAeadAlgorithm,
  nativeActive,
  nativeAeadOpen,
  nativeAeadSeal,
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

/** @internal The empty array, for default AADs. */
export const EMPTY = new Uint8Array(0);

/** @internal The native path of a suite: one of OpenSSL's AEADs, or XChaCha20-Poly1305 built on its ChaCha20-Poly1305. */
export type NativeSuitePath = NativeAeadAlgorithm | 'xchacha20-poly1305';

/** @internal Checks the arguments shared by seal and open; returns the suite's native path. */
export function check(suite: number, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array): NativeSuitePath {
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

/**
 * XChaCha20-Poly1305 seal: {@link aeadSeal} with {@link AeadSuite.XCHACHA20_POLY1305}, same bytes, without the
 * suite switch. Code that seals only at rest calls this, so a bundle of it carries no AES-GCM.
 *
 * @param key - 32-byte key.
 * @param nonce - 24-byte nonce (may be random).
 * @returns ciphertext || 16-byte tag.
 * @throws RangeError on wrong key or nonce length.
 */
export function xchachaSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  abytes(plaintext, undefined, 'plaintext');
  check(AeadSuite.XCHACHA20_POLY1305, key, nonce, aad);
  if (!nativeActive()) return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
  const out = new Uint8Array(plaintext.length + AEAD_TAG_LENGTH);
  nativeXChaChaSealInto(key, nonce, plaintext, aad, out, 0);
  return out;
}

/**
 * XChaCha20-Poly1305 open: {@link aeadOpen} with {@link AeadSuite.XCHACHA20_POLY1305}, without the suite switch
 * (see {@link xchachaSeal}).
 *
 * @throws CryptoError CRYPTO_DECRYPT_FAILED when the tag does not verify; RangeError on wrong lengths.
 */
export function xchachaOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Uint8Array {
  abytes(ciphertext, undefined, 'ciphertext');
  check(AeadSuite.XCHACHA20_POLY1305, key, nonce, aad);
  if (ciphertext.length < AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
  if (nativeActive()) return openNative('xchacha20-poly1305', key, nonce, ciphertext, aad);
  return openNoble(xchacha20poly1305(key, nonce, aad), ciphertext);
}

/** AEADs named by other protocols (MLS and HPKE ciphersuites), 12-byte nonce and 16-byte tag. */
export type NamedAead = 'AES128GCM' | 'AES256GCM' | 'CHACHA20POLY1305';

const NAMED: Record<NamedAead, { keyLength: number; alg: NativeAeadAlgorithm }> = {
  AES128GCM: { keyLength: 16, alg: 'aes-128-gcm' },
  AES256GCM: { keyLength: 32, alg: 'aes-256-gcm' },
  CHACHA20POLY1305: { keyLength: 32, alg: 'chacha20-poly1305' },
};

/** @internal Checks a named AEAD's arguments; returns its native algorithm. */
export function namedCheck(
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

/** The platform's WebCrypto, when it has one (browsers, Node). */
function webSubtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

/**
 * AES-GCM through WebCrypto (every browser has it), or noble's, loaded on first use, where the platform has no
 * WebCrypto or the `'js'` backend is chosen. Failures of `decrypt` are CRYPTO_DECRYPT_FAILED.
 */
async function aesGcmAsync(
  encrypt: boolean,
  key: Uint8Array,
  nonce: Uint8Array,
  data: Uint8Array,
  aad: Uint8Array,
): Promise<Uint8Array> {
  const subtle = cryptoBackendChoice() === 'js' ? undefined : webSubtle();
  if (!subtle) {
    const { gcm: nobleGcm } = await loadNobleAes();
    const cipher = nobleGcm(key, nonce, aad);
    return encrypt ? cipher.encrypt(data) : openNoble(cipher, data);
  }
  const usage: KeyUsage = encrypt ? 'encrypt' : 'decrypt';
  const cryptoKey = await subtle.importKey('raw', key as BufferSource, 'AES-GCM', false, [usage]);
  const params: AesGcmParams = {
    name: 'AES-GCM',
    iv: nonce as BufferSource,
    additionalData: aad as BufferSource,
    tagLength: AEAD_TAG_LENGTH * 8,
  };
  if (encrypt) return new Uint8Array(await subtle.encrypt(params, cryptoKey, data as BufferSource));
  try {
    return new Uint8Array(await subtle.decrypt(params, cryptoKey, data as BufferSource));
  } catch {
    throw CryptoError.decryptFailed();
  }
}

/** noble's AES, a lazy chunk in the widget; a failed load is CRYPTO_NOT_LOADED and the next call tries again. */
const loadNobleAes = loadOnce(
  () => import('./aes-gcm-noble.js'),
  (cause) => CryptoError.notLoaded('AES-GCM', cause),
);

/**
 * {@link namedAeadSeal} as a promise, for callers that are asynchronous anyway (the MLS provider): the same bytes
 * and checks, with AES-GCM on the platform's WebCrypto where there is no native backend (a browser), so code
 * that only seals this way bundles no JavaScript AES. ChaCha20-Poly1305 runs as {@link namedAeadSeal} does.
 *
 * @returns ciphertext || 16-byte tag.
 * @throws RangeError on wrong key or nonce length (as a rejection).
 */
export async function namedAeadSealAsync(
  name: NamedAead,
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Promise<Uint8Array> {
  const alg = namedCheck(name, key, nonce, aad);
  abytes(plaintext, undefined, 'plaintext');
  if (nativeActive()) return nativeAeadSeal(alg, key, nonce, plaintext, aad);
  if (name === 'CHACHA20POLY1305') return chacha20poly1305(key, nonce, aad).encrypt(plaintext);
  return aesGcmAsync(true, key, nonce, plaintext, aad);
}

/**
 * {@link namedAeadOpen} as a promise (see {@link namedAeadSealAsync}).
 *
 * @throws CryptoError CRYPTO_DECRYPT_FAILED when the tag does not verify; RangeError on wrong lengths (as
 *   rejections).
 */
export async function namedAeadOpenAsync(
  name: NamedAead,
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Promise<Uint8Array> {
  const alg = namedCheck(name, key, nonce, aad);
  abytes(ciphertext, undefined, 'ciphertext');
  if (ciphertext.length < AEAD_TAG_LENGTH) throw CryptoError.decryptFailed();
  if (nativeActive()) return openNative(alg, key, nonce, ciphertext, aad);
  if (name === 'CHACHA20POLY1305') return openNoble(chacha20poly1305(key, nonce, aad), ciphertext);
  return aesGcmAsync(false, key, nonce, ciphertext, aad);
}

/**
 * @internal The native open every entry point shares, after their checks (including "at least a tag"): every failure is the
 * same CRYPTO_DECRYPT_FAILED. No closure or noble object is built on this path.
 */
export function openNative(
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

/** @internal The noble open every entry point shares: every failure is the same CRYPTO_DECRYPT_FAILED. */
export function openNoble(
  cipher: { decrypt(ciphertext: Uint8Array): Uint8Array },
  ciphertext: Uint8Array,
): Uint8Array {
  try {
    return cipher.decrypt(ciphertext);
  } catch {
    throw CryptoError.decryptFailed();
  }
}
