/**
 * X25519 (RFC 7748) through `@noble/curves`, with all-zero (low-order) results rejected.
 *
 * @module
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { abytes, isAllZero } from '../bytes.js';
import { CryptoError } from '../errors.js';

/** X25519 key length (public and secret), in bytes. */
export const X25519_KEY_LENGTH = 32;

/** An X25519 key pair. */
export interface X25519KeyPair {
  /** 32-byte secret scalar (clamped on use). */
  secretKey: Uint8Array;
  /** 32-byte u-coordinate. */
  publicKey: Uint8Array;
}

/** Generates an X25519 key pair from the CSPRNG. */
export function generateX25519(): X25519KeyPair {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

/** The public key of an X25519 secret key. */
export function x25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(abytes(secretKey, X25519_KEY_LENGTH, 'secretKey'));
}

/**
 * X25519(secretKey, publicKey) (RFC 7748 §5). Rejects an all-zero output, which a low-order or
 * small-subgroup public key produces (RFC 7748 §6.1 "check").
 *
 * @throws CryptoError CRYPTO_WEAK_DH on an all-zero result; RangeError on wrong lengths.
 */
export function x25519Dh(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  abytes(secretKey, X25519_KEY_LENGTH, 'secretKey');
  abytes(publicKey, X25519_KEY_LENGTH, 'publicKey');
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(secretKey, publicKey);
  } catch {
    throw CryptoError.weakDh();
  }
  if (isAllZero(shared)) throw CryptoError.weakDh();
  return shared;
}
