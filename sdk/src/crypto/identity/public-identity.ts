/**
 * The public half of a device identity: an Ed25519 signing key and the X25519 key it signs.
 *
 * ```
 * encoded (128 bytes) = signingKey (32) || dhKey (32) || dhKeySignature (64)
 * dhKeySignature      = Ed25519.Sign(signingSeed, "CrypTalk v1 identity dh key" || 0x00 || dhKey)
 * ```
 *
 * The binding is verified asynchronously here (the platform's Ed25519 where it has one); the synchronous
 * verifier, for the 1:1 rooms' code and Node, is in `public-identity-sync.ts` (it bundles noble).
 *
 * @module
 */
import { abytes, concatBytes, equalBytes, toBase64, utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { LABEL_IDENTITY_DH_KEY } from '../labels.js';
import { ed25519VerifyAsync } from '../primitives/index.js';

/** Length of an encoded {@link PublicIdentity}. */
export const PUBLIC_IDENTITY_LENGTH = 128;

/** A device's public identity. */
export interface PublicIdentity {
  /** Ed25519 public key (32 bytes). */
  signingKey: Uint8Array;
  /** X25519 public key (32 bytes). */
  dhKey: Uint8Array;
  /** Signature of `dhKey` by `signingKey` (64 bytes). */
  dhKeySignature: Uint8Array;
}

/** The bytes signed to bind the X25519 key to the Ed25519 key. */
export function dhKeyBindingMessage(dhKey: Uint8Array): Uint8Array {
  return concatBytes(utf8(LABEL_IDENTITY_DH_KEY), new Uint8Array([0]), abytes(dhKey, 32, 'dhKey'));
}

/**
 * Checks that the X25519 key is signed by the Ed25519 key, on the platform's WebCrypto when it has Ed25519 (see
 * `primitives/platform-curves.ts`; the same verdict as `verifyPublicIdentity`).
 *
 * @throws CryptoError CRYPTO_BAD_SIGNATURE when the binding does not verify; RangeError / TypeError on wrong
 *   lengths or types.
 */
export async function verifyPublicIdentityAsync(identity: PublicIdentity): Promise<void> {
  abytes(identity.signingKey, 32, 'signingKey');
  abytes(identity.dhKey, 32, 'dhKey');
  abytes(identity.dhKeySignature, 64, 'dhKeySignature');
  if (
    !(await ed25519VerifyAsync(
      identity.signingKey,
      dhKeyBindingMessage(identity.dhKey),
      identity.dhKeySignature,
    ))
  ) {
    throw CryptoError.badSignature('identity dh key');
  }
}

/** Encodes to 128 bytes. */
export function encodePublicIdentity(identity: PublicIdentity): Uint8Array {
  return concatBytes(
    abytes(identity.signingKey, 32, 'signingKey'),
    abytes(identity.dhKey, 32, 'dhKey'),
    abytes(identity.dhKeySignature, 64, 'dhKeySignature'),
  );
}

/**
 * Splits 128 bytes into a public identity without verifying its binding (for the decoders, which verify it).
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length; TypeError when `bytes` is not bytes.
 */
export function parsePublicIdentity(bytes: Uint8Array): PublicIdentity {
  abytes(bytes, undefined, 'identity');
  if (bytes.length !== PUBLIC_IDENTITY_LENGTH) throw CryptoError.invalidInput('public identity length');
  return {
    signingKey: bytes.slice(0, 32),
    dhKey: bytes.slice(32, 64),
    dhKeySignature: bytes.slice(64, 128),
  };
}

/**
 * Decodes 128 bytes and verifies the binding asynchronously ({@link verifyPublicIdentityAsync}).
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length; CRYPTO_BAD_SIGNATURE on a bad binding.
 */
export async function decodePublicIdentityAsync(bytes: Uint8Array): Promise<PublicIdentity> {
  const identity = parsePublicIdentity(bytes);
  await verifyPublicIdentityAsync(identity);
  return identity;
}

/** `ed25519:<base64>` of the signing key: how identities are printed. */
export function formatPublicKey(signingKey: Uint8Array): string {
  return `ed25519:${toBase64(signingKey)}`;
}

/** Whether two identities are the same (constant time). */
export function samePublicIdentity(a: PublicIdentity, b: PublicIdentity): boolean {
  return equalBytes(encodePublicIdentity(a), encodePublicIdentity(b));
}
