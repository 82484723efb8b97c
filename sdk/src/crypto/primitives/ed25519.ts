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
 * The lengths, key pair type and encoding checks are in `curve-checks.ts` (no curve arithmetic); the
 * asynchronous functions of `platform-curves.ts` load this module only when the platform cannot do the work.
 *
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { abytes } from '../bytes.js';
import {
  ED25519_PUBLIC_LENGTH,
  ED25519_SECRET_LENGTH,
  ED25519_SIGNATURE_LENGTH,
  type Ed25519KeyPair,
  ed25519PublicKeyStrict,
  ed25519ScalarCanonical,
} from './curve-checks.js';
import { nativeActive, nativeEd25519PublicKey, nativeEd25519Sign, nativeEd25519Verify } from './native.js';
import { randomBytes } from './random.js';

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
    if (!ed25519PublicKeyStrict(publicKey)) return false;
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
