/**
 * X25519 (RFC 7748) through `@noble/curves`, or OpenSSL through `node:crypto` when the native backend is
 * active (`native.ts`), with all-zero (low-order) results rejected on both. Keys are raw 32-byte strings
 * either way: the native path imports them as KeyObjects (cached while the caller's key array lives). The
 * key length and pair type are in `curve-checks.ts`; the asynchronous functions of `platform-curves.ts` load
 * this module only when the platform cannot do the work.
 *
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { abytes, isAllZero } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { X25519_KEY_LENGTH, type X25519KeyPair } from './curve-checks.js';
import { nativeActive, nativeX25519, nativeX25519Generate, nativeX25519PublicKey } from './native.js';
import { randomBytes } from './random.js';

/** Generates an X25519 key pair from the CSPRNG (OpenSSL's keygen on the native backend). */
export function generateX25519(): X25519KeyPair {
  if (nativeActive()) return nativeX25519Generate();
  const secretKey = randomBytes(X25519_KEY_LENGTH);
  return { secretKey, publicKey: x25519PublicKey(secretKey) };
}

/** The public key of an X25519 secret key. */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  abytes(secretKey, X25519_KEY_LENGTH, 'secretKey');
  if (nativeActive()) return nativeX25519PublicKey(secretKey);
  return x25519.getPublicKey(secretKey);
}

/**
 * X25519(secretKey, publicKey) (RFC 7748 §5). Rejects an all-zero output, which a low-order or
 * small-subgroup public key produces (RFC 7748 §6.1 "check").
 *
 * @param ownPublicKey - the public key of `secretKey` if the caller has it (optional; only speeds up the native
 *   key import, never used in the computation).
 * @throws CryptoError CRYPTO_WEAK_DH on an all-zero result; RangeError on wrong lengths.
 */
export function x25519Dh(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  ownPublicKey?: Uint8Array,
): Uint8Array {
  abytes(secretKey, X25519_KEY_LENGTH, 'secretKey');
  abytes(publicKey, X25519_KEY_LENGTH, 'publicKey');
  let shared: Uint8Array | undefined;
  if (nativeActive()) {
    // OpenSSL refuses an all-zero result itself; either way it is CRYPTO_WEAK_DH below
    shared = nativeX25519(secretKey, publicKey, ownPublicKey);
    if (!shared) throw CryptoError.weakDh();
  } else {
    try {
      shared = x25519.getSharedSecret(secretKey, publicKey);
    } catch {
      throw CryptoError.weakDh();
    }
  }
  if (isAllZero(shared)) throw CryptoError.weakDh();
  return shared;
}
