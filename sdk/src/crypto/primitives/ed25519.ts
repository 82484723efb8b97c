/**
 * Ed25519 (RFC 8032) through `@noble/curves`, or OpenSSL through `node:crypto` when the native backend is
 * active (`native.ts`). Verification is strict and gives the same verdict on both backends: canonical
 * encodings only (RFC 8032 §5.1.7, `y < p`, no `x = 0` with the sign bit set), `S < L`, no small-order
 * public key, noble's cofactored equation.
 *
 * How the native path keeps noble's verdict: OpenSSL checks `S < L` and the cofactorless equation
 * `[S]B = R + [k]A` against R's exact bytes, which implies noble's cofactored one and a canonical R. It is not
 * strict about A, so the pre-checks below reject everything noble rejects about A first. OpenSSL accepting
 * then implies noble accepting. Only a signature OpenSSL rejects could still pass noble's cofactored check
 * (a crafted torsion component, never an honest signer), so a native rejection is confirmed by noble: valid
 * signatures cost OpenSSL time, invalid ones what they cost before.
 *
 * @module
 */
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { abytes, equalBytes, fromHex } from '../bytes.js';
import { nativeActive, nativeEd25519PublicKey, nativeEd25519Sign, nativeEd25519Verify } from './native.js';
import { randomBytes } from './random.js';

/** Ed25519 secret-key (seed), public-key and signature lengths, in bytes. */
export const ED25519_SECRET_LENGTH = 32;
/** Ed25519 public key length. */
export const ED25519_PUBLIC_LENGTH = 32;
/** Ed25519 signature length. */
export const ED25519_SIGNATURE_LENGTH = 64;

/** An Ed25519 key pair. */
export interface Ed25519KeyPair {
  /** 32-byte seed (RFC 8032 "private key"). */
  secretKey: Uint8Array;
  /** 32-byte encoded point A. */
  publicKey: Uint8Array;
}

/** Generates an Ed25519 key pair from the CSPRNG, or from a given 32-byte seed. */
export function generateEd25519(seed?: Uint8Array): Ed25519KeyPair {
  const secretKey = seed ? abytes(seed, ED25519_SECRET_LENGTH, 'seed') : randomBytes(ED25519_SECRET_LENGTH);
  return { secretKey, publicKey: ed25519PublicKey(secretKey) };
}

/** The public key of an Ed25519 seed. */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  abytes(secretKey, ED25519_SECRET_LENGTH, 'secretKey');
  if (nativeActive()) return nativeEd25519PublicKey(secretKey);
  return ed25519.getPublicKey(secretKey);
}

/** Signs `message` (RFC 8032 §5.1.6; deterministic, so both backends give the same 64 bytes). */
export function ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(message, undefined, 'message');
  abytes(secretKey, ED25519_SECRET_LENGTH, 'secretKey');
  if (nativeActive()) return nativeEd25519Sign(secretKey, message);
  return ed25519.sign(message, secretKey);
}

/** The Ed25519 group order L (RFC 8032 §5.1), little-endian. */
const L_LE = fromHex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
/** The field prime p = 2^255 - 19, little-endian. */
const P_LE = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
/** Encodings of the eight points of small order (all canonical ones; non-canonical ones fail `y < p`). */
const SMALL_ORDER = ED25519_TORSION_SUBGROUP.map((h) => fromHex(h));

/** a < b for 32-byte little-endian numbers (public inputs: not constant time). */
function lessThanLe(a: Uint8Array, b: Uint8Array, topMask = 0xff): boolean {
  for (let i = 31; i >= 0; i--) {
    const x = (a[i] as number) & (i === 31 ? topMask : 0xff);
    const y = b[i] as number;
    if (x !== y) return x < y;
  }
  return false;
}

/** RFC 8032 §5.1.7 step 1: S < L. */
export function ed25519ScalarCanonical(s: Uint8Array): boolean {
  return s.length === 32 && lessThanLe(s, L_LE);
}

/**
 * The checks of noble's strict verification on the public key A that OpenSSL does not make: canonical `y < p`,
 * no `x = 0` with the sign bit set (y = ±1), not a point of small order.
 */
function publicKeyStrict(a: Uint8Array): boolean {
  if (!lessThanLe(a, P_LE, 0x7f)) return false;
  if ((a[31] as number) & 0x80) {
    // x = 0 exactly when y = 1 or y = p - 1
    let rest = 0;
    for (let i = 1; i < 31; i++) rest |= (a[i] as number) ^ (a[0] === 1 ? 0 : 0xff);
    if (rest === 0 && ((a[0] === 1 && a[31] === 0x80) || (a[0] === 0xec && a[31] === 0xff))) return false;
  }
  for (const t of SMALL_ORDER) if (equalBytes(a, t)) return false;
  return true;
}

/**
 * Verifies a signature strictly (RFC 8032 §5.1.7, no ZIP-215 leniency). Never throws on bad input of the
 * right type: any malformed key or signature simply does not verify.
 *
 * @returns true only for a valid signature.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  abytes(publicKey, undefined, 'publicKey');
  abytes(message, undefined, 'message');
  abytes(signature, undefined, 'signature');
  if (publicKey.length !== ED25519_PUBLIC_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH)
    return false;
  if (!ed25519ScalarCanonical(signature.subarray(32))) return false;
  if (nativeActive()) {
    if (!publicKeyStrict(publicKey)) return false;
    if (nativeEd25519Verify(publicKey, message, signature)) return true;
    // not proven: noble's cofactored equation has the last word (see the module comment)
  }
  return nobleVerify(publicKey, message, signature);
}

function nobleVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
