/**
 * Ed25519 (RFC 8032) through `@noble/curves`, verified strictly: canonical encodings only
 * (RFC 8032 §5.1.7), cofactorless equation, `S < L`.
 *
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { abytes } from '../bytes.js';

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
  const secretKey = seed ? abytes(seed, ED25519_SECRET_LENGTH, 'seed') : ed25519.utils.randomSecretKey();
  return { secretKey, publicKey: ed25519.getPublicKey(secretKey) };
}

/** The public key of an Ed25519 seed. */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(abytes(secretKey, ED25519_SECRET_LENGTH, 'secretKey'));
}

/** Signs `message` (RFC 8032 §5.1.6; deterministic). Returns 64 bytes. */
export function ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return ed25519.sign(
    abytes(message, undefined, 'message'),
    abytes(secretKey, ED25519_SECRET_LENGTH, 'secretKey'),
  );
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
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
