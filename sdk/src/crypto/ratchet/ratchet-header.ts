/**
 * The plaintext ratchet header and the wire layout of a ratchet message.
 *
 * ```
 * header (40 bytes)  = dh (32, sender's current ratchet public key) || u32 pn || u32 n
 * message            = version (0x01 or 0x02) || suite (1) || headerNonce (Nn) || encHeader (40 + 16) || body (len + 16)
 * encHeader          = AEAD(headerCipherKey(HK), headerNonce, header, aad = version || suite || AD)
 * body               = AEAD(mk.key, mk.nonce, plaintext, aad = version || suite || AD || headerNonce || encHeader)
 * ```
 * AD is the session's associated data (PQXDH: both identities) followed by any per-message context the caller
 * passes (for example the room id).
 *
 * @module
 */
import { readU32, writeU32 } from '../bytes.js';
import { RatchetError } from '../errors.js';
import { AEAD_TAG_LENGTH, aeadNonceLength, isAeadSuite } from '../primitives/index.js';

/** Wire version 1 of ratchet messages (KDF_CK with HMAC-SHA256, derived body key). */
export const RATCHET_MESSAGE_VERSION = 0x01;
/** Wire version 2 (KDF_CK with one HMAC-SHA512, see `ratchet-kdf.ts`): the default of new sessions. */
export const RATCHET_MESSAGE_VERSION_2 = 0x02;
/** Plaintext header length. */
export const RATCHET_HEADER_LENGTH = 40;

/** A decoded ratchet header. */
export interface RatchetHeader {
  /** Sender's ratchet public key. */
  dh: Uint8Array;
  /** Number of messages in the sender's previous sending chain. */
  pn: number;
  /** Message number in the current sending chain. */
  n: number;
}

/** Encodes a header (40 bytes). */
export function encodeHeader(h: RatchetHeader): Uint8Array {
  return writeHeader(new Uint8Array(RATCHET_HEADER_LENGTH), h.dh, h.pn, h.n);
}

/**
 * Encodes a header into `out` (40 bytes, reused by the sender for each message) and returns it.
 *
 * @throws RangeError when `out` is not 40 bytes, `dh` not 32, or `pn` / `n` not u32.
 */
export function writeHeader(out: Uint8Array, dh: Uint8Array, pn: number, n: number): Uint8Array {
  if (out.length !== RATCHET_HEADER_LENGTH) throw new RangeError('header must be 40 bytes');
  if (dh.length !== 32) throw new RangeError('header dh must be 32 bytes');
  if (!Number.isInteger(pn) || pn < 0 || pn > 0xffffffff) throw new RangeError('u32 out of range');
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError('u32 out of range');
  out.set(dh, 0);
  writeU32(out, 32, pn);
  writeU32(out, 36, n);
  return out;
}

/** Decodes a 40-byte header. @throws RatchetError RATCHET_MALFORMED on a wrong length. */
export function decodeHeader(bytes: Uint8Array): RatchetHeader {
  if (bytes.length !== RATCHET_HEADER_LENGTH) throw RatchetError.malformed('header length');
  return { dh: bytes.slice(0, 32), pn: readU32(bytes, 32), n: readU32(bytes, 36) };
}

/** The parts of a ratchet message on the wire. */
export interface RatchetMessageParts {
  /** Message version (1 or 2). */
  version: 1 | 2;
  /** AEAD suite id. */
  suite: number;
  /** Header nonce. */
  headerNonce: Uint8Array;
  /** Encrypted header (56 bytes). */
  encHeader: Uint8Array;
  /** Encrypted body with tag. */
  body: Uint8Array;
}

/** Splits a ratchet message. @throws RatchetError RATCHET_MALFORMED. */
export function splitMessage(bytes: Uint8Array): RatchetMessageParts {
  if (!(bytes instanceof Uint8Array) || bytes.length < 2) throw RatchetError.malformed('too short');
  const version = bytes[0];
  if (version !== RATCHET_MESSAGE_VERSION && version !== RATCHET_MESSAGE_VERSION_2)
    throw RatchetError.malformed('unknown version');
  const suite = bytes[1] as number;
  if (!isAeadSuite(suite)) throw RatchetError.malformed('unknown suite');
  const nn = aeadNonceLength(suite);
  const encLen = RATCHET_HEADER_LENGTH + AEAD_TAG_LENGTH;
  if (bytes.length < 2 + nn + encLen + AEAD_TAG_LENGTH) throw RatchetError.malformed('too short');
  return {
    version,
    suite,
    headerNonce: bytes.subarray(2, 2 + nn),
    encHeader: bytes.subarray(2 + nn, 2 + nn + encLen),
    body: bytes.subarray(2 + nn + encLen),
  };
}
