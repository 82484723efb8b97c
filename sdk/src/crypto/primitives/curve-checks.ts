/**
 * What X25519 and Ed25519 need besides the curve arithmetic: key and signature lengths, the key pair types and
 * the strict-encoding checks of RFC 8032 verification, on bytes alone. Shared by the synchronous wrappers
 * (`ed25519.ts`, `x25519.ts`, which bundle noble) and the asynchronous ones (`platform-curves.ts`), so that the
 * latter, and everything that uses only them, can be bundled without `@noble/curves`.
 *
 * The constants are public values of the curves (RFC 7748 §4.1, RFC 8032 §5.1); the tests cross-check them with
 * noble's own (`ed25519.Point.CURVE()`, `ED25519_TORSION_SUBGROUP`).
 *
 * @module
 */
import { equalBytes, fromHex } from '../bytes.js';

/** X25519 key length (public and secret), in bytes. */
export const X25519_KEY_LENGTH = 32;
/** Ed25519 secret-key (seed) length, in bytes. */
export const ED25519_SECRET_LENGTH = 32;
/** Ed25519 public key length. */
export const ED25519_PUBLIC_LENGTH = 32;
/** Ed25519 signature length. */
export const ED25519_SIGNATURE_LENGTH = 64;

/** An X25519 key pair. */
export interface X25519KeyPair {
  /** 32-byte secret scalar (clamped on use). */
  secretKey: Uint8Array;
  /** 32-byte u-coordinate. */
  publicKey: Uint8Array;
}

/** An Ed25519 key pair. */
export interface Ed25519KeyPair {
  /** 32-byte seed (RFC 8032 "private key"). */
  secretKey: Uint8Array;
  /** 32-byte encoded point A. */
  publicKey: Uint8Array;
}

/** The Ed25519 group order L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1), little-endian. */
export const ED25519_ORDER_LE = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
/** The field prime p = 2^255 - 19 (RFC 8032 §5.1), little-endian. */
const P_LE = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');

/**
 * The encodings of the eight points of small order (the torsion subgroup: order 1, 2, 4 and 8). These are the
 * canonical ones; the non-canonical encodings of the same points fail `y < p` first.
 */
export const ED25519_SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
].map(fromHex);

/** a < b for 32-byte little-endian numbers, `a`'s top byte masked with `topMask` (public inputs: not constant time). */
function lessThanLe(a: Uint8Array, b: Uint8Array, topMask = 0xff): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = (a[i] as number) & (i === 31 ? topMask : 0xff);
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/** RFC 8032 §5.1.7 step 1: the signature's S is below L. */
export function ed25519ScalarCanonical(s: Uint8Array): boolean {
  return s.length === 32 && lessThanLe(s, ED25519_ORDER_LE);
}

/**
 * RFC 8032 §5.1.3 strict decoding, the part that needs no arithmetic: `y < p`, and not `x = 0` with the sign
 * bit set (x = 0 exactly when y = 1 or y = p - 1). Whether the point is on the curve is left to the verifier.
 */
export function ed25519EncodingCanonical(point: Uint8Array): boolean {
  if (point.length !== 32 || !lessThanLe(point, P_LE, 0x7f)) return false;
  if ((point[31] as number) & 0x80) {
    let rest = 0;
    for (let i = 1; i < 31; i++) rest |= (point[i] as number) ^ (point[0] === 1 ? 0 : 0xff);
    if (rest === 0 && ((point[0] === 1 && point[31] === 0x80) || (point[0] === 0xec && point[31] === 0xff)))
      return false;
  }
  return true;
}

/**
 * The checks of noble's strict verification (`zip215: false`) on the public key A that a platform's verifier
 * may not make: a canonical encoding ({@link ed25519EncodingCanonical}) and not a point of small order.
 */
export function ed25519PublicKeyStrict(publicKey: Uint8Array): boolean {
  if (!ed25519EncodingCanonical(publicKey)) return false;
  for (const t of ED25519_SMALL_ORDER_ENCODINGS) if (equalBytes(publicKey, t)) return false;
  return true;
}
