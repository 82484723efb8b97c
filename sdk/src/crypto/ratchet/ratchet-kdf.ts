/**
 * Key derivation of the Double Ratchet with header encryption (Signal, "The Double Ratchet Algorithm" §3.5, §4).
 *
 * ```
 * KDF_RK_HE(rk, dh)  = HKDF(salt = rk, ikm = dh, info = "CrypTalk v1 ratchet root", 96) -> rk' || ck || nhk
 * KDF_CK(ck)         = mk = HMAC-SHA256(ck, 0x01), ck' = HMAC-SHA256(ck, 0x02)
 * body key           = HMAC-SHA256(mk, "CrypTalk v1 ratchet message")              (= HKDF-Expand(mk, info, 32))
 * body nonce         = Nn zero bytes: every body key encrypts exactly one message
 * header AEAD key    = HKDF-Expand(hk, "CrypTalk v1 ratchet header" || 0x01, 32)   (once per chain)
 * header nonce key   = HKDF-Expand(hk, "CrypTalk v1 ratchet header" || 0x02, 32)   (once per chain)
 * header nonce       = HMAC-SHA256(header nonce key, u32 n)[0 .. Nn]
 * ```
 * Message version 2 changes KDF_CK and the body key only (one HMAC per message instead of three; Signal §5.2
 * recommends HMAC with SHA-256 or SHA-512 for KDF_CK):
 * ```
 * KDF_CK_v2(ck)      = out = HMAC-SHA512(ck, "CrypTalk v2 ratchet chain"); ck' = out[0..32], mk = out[32..64]
 * body key (v2)      = mk (the two halves of one PRF output are independent keys; mk encrypts one message)
 * ```
 * A body key is used once, so its fixed nonce never repeats under it. A header key encrypts one header per
 * message number `n` of its chain and its nonce is a PRF of `n`: header nonces never repeat and do not
 * reveal `n`.
 *
 * @module
 */
import { concatBytes, utf8, writeU32 } from '../bytes.js';
import {
  LABEL_RATCHET_CHAIN_V2,
  LABEL_RATCHET_HEADER,
  LABEL_RATCHET_MESSAGE,
  LABEL_RATCHET_ROOT,
  RATCHET_CK_CHAIN_BYTE,
  RATCHET_CK_MESSAGE_BYTE,
} from '../labels.js';
import {
  activeCryptoBackend,
  aeadNonceLength,
  hkdfExpand,
  hkdfSha256,
  hmacSha256,
  hmacSha256Keyed,
  hmacSha512,
  type KeyedHmacSha256,
} from '../primitives/index.js';

const ROOT_INFO = utf8(LABEL_RATCHET_ROOT);
/** HKDF-Expand to 32 bytes is one HMAC over info || 0x01 (RFC 5869 §2.3). */
const MESSAGE_INFO_T1 = concatBytes(utf8(LABEL_RATCHET_MESSAGE), new Uint8Array([1]));
const HEADER_KEY_INFO = concatBytes(utf8(LABEL_RATCHET_HEADER), new Uint8Array([1]));
const HEADER_NONCE_INFO = concatBytes(utf8(LABEL_RATCHET_HEADER), new Uint8Array([2]));
const CK_MESSAGE = new Uint8Array([RATCHET_CK_MESSAGE_BYTE]);
const CK_CHAIN = new Uint8Array([RATCHET_CK_CHAIN_BYTE]);
const CHAIN_V2 = utf8(LABEL_RATCHET_CHAIN_V2);

/** Message (and KDF) versions of the ratchet: 1 (three HMACs per message) and 2 (one HMAC-SHA512). */
export type RatchetVersion = 1 | 2;

/** KDF_RK_HE: returns the new root key, chain key and next header key. */
export function kdfRoot(
  rootKey: Uint8Array,
  dhOut: Uint8Array,
): { rootKey: Uint8Array; chainKey: Uint8Array; nextHeaderKey: Uint8Array } {
  const out = hkdfSha256(dhOut, rootKey, ROOT_INFO, 96);
  const keys = { rootKey: out.slice(0, 32), chainKey: out.slice(32, 64), nextHeaderKey: out.slice(64, 96) };
  out.fill(0);
  return keys;
}

/** KDF_CK: returns the message key and the next chain key. */
export function kdfChain(chainKey: Uint8Array): { messageKey: Uint8Array; chainKey: Uint8Array } {
  if (activeCryptoBackend() === 'native')
    return { messageKey: hmacSha256(chainKey, CK_MESSAGE), chainKey: hmacSha256(chainKey, CK_CHAIN) };
  // noble: key the HMAC once and clone its state for the second message
  const keyed = hmacSha256Keyed(chainKey);
  const out = { messageKey: keyed.mac(CK_MESSAGE), chainKey: keyed.mac(CK_CHAIN) };
  keyed.destroy();
  return out;
}

/** KDF_CK of message version 2: one HMAC-SHA512, split into the next chain key and the message key. */
export function kdfChainV2(chainKey: Uint8Array): { messageKey: Uint8Array; chainKey: Uint8Array } {
  const out = hmacSha512(chainKey, CHAIN_V2);
  // two arrays of their own, so a kept message key never keeps its chain key alive
  const keys = { chainKey: out.slice(0, 32), messageKey: out.slice(32, 64) };
  out.fill(0);
  return keys;
}

/** KDF_CK of a message version. */
export function kdfChainOf(
  version: RatchetVersion,
  chainKey: Uint8Array,
): { messageKey: Uint8Array; chainKey: Uint8Array } {
  return version === 2 ? kdfChainV2(chainKey) : kdfChain(chainKey);
}

/**
 * The single-use body AEAD key of a message key: HMAC-SHA256(mk, label || 0x01) in version 1, `mk` itself in
 * version 2 (a fresh output of KDF_CK_v2 used for this one message). The caller zeroes it after use, unless
 * it is `mk` itself.
 */
export function bodyKeyOf(version: RatchetVersion, messageKey: Uint8Array): Uint8Array {
  return version === 2 ? messageKey : hmacSha256(messageKey, MESSAGE_INFO_T1);
}

/** Keys derived once per header key. */
export interface HeaderKeys {
  /** AEAD key for headers. */
  aeadKey: Uint8Array;
  /** Key of the header-nonce PRF. */
  nonceKey: Uint8Array;
  /** HMAC-SHA256 keyed with `nonceKey` once. */
  nonceMac: KeyedHmacSha256;
}

const headerKeyCache = new WeakMap<Uint8Array, HeaderKeys>();

/** The header AEAD and nonce keys of a header key (cached per key object). */
export function headerKeys(headerKey: Uint8Array): HeaderKeys {
  let k = headerKeyCache.get(headerKey);
  if (!k) {
    const nonceKey = hkdfExpand(headerKey, HEADER_NONCE_INFO, 32);
    k = {
      aeadKey: hkdfExpand(headerKey, HEADER_KEY_INFO, 32),
      nonceKey,
      nonceMac: hmacSha256Keyed(nonceKey),
    };
    headerKeyCache.set(headerKey, k);
  }
  return k;
}

/** The counter message of {@link headerNonceInto}, rewritten on each call (only read synchronously). */
const NONCE_COUNTER = new Uint8Array(4);

/**
 * The header nonce for message number `n`, HMAC-SHA256(nonceKey, u32 n) truncated to the nonce length, written
 * into `dest` at `offset` (the message being built).
 *
 * @param n - the message number, 0..2^32-1 (checked by the caller).
 */
export function headerNonceInto(
  suite: number,
  keys: HeaderKeys,
  n: number,
  dest: Uint8Array,
  offset: number,
): void {
  writeU32(NONCE_COUNTER, 0, n);
  keys.nonceMac.macPublicInto(NONCE_COUNTER, dest, offset, aeadNonceLength(suite));
}

/** Zeroes and forgets the cached header keys of a header key. */
export function forgetHeaderKeys(headerKey: Uint8Array): void {
  const k = headerKeyCache.get(headerKey);
  if (!k) return;
  k.aeadKey.fill(0);
  k.nonceKey.fill(0);
  k.nonceMac.destroy();
  headerKeyCache.delete(headerKey);
}
