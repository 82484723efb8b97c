/**
 * The synchronous verification of public identities (the binding of the X25519 key to the Ed25519 key, see
 * `public-identity.ts`), through the synchronous Ed25519 wrapper (node:crypto where the native backend is active,
 * else noble): for the 1:1 rooms' code (PQXDH, prekey bundles), which may carry noble, and for Node. The group
 * rooms' code uses `verifyPublicIdentityAsync` / `decodePublicIdentityAsync`, which give the same verdicts.
 *
 * @module
 */
import { abytes } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { ed25519Verify } from '../primitives/ed25519.js';
import { dhKeyBindingMessage, type PublicIdentity, parsePublicIdentity } from './public-identity.js';

/**
 * Checks that the X25519 key is signed by the Ed25519 key.
 *
 * @throws CryptoError CRYPTO_BAD_SIGNATURE when it is not; RangeError / TypeError on wrong lengths or types.
 */
export function verifyPublicIdentity(identity: PublicIdentity): void {
  abytes(identity.signingKey, 32, 'signingKey');
  abytes(identity.dhKey, 32, 'dhKey');
  abytes(identity.dhKeySignature, 64, 'dhKeySignature');
  if (!ed25519Verify(identity.signingKey, dhKeyBindingMessage(identity.dhKey), identity.dhKeySignature)) {
    throw CryptoError.badSignature('identity dh key');
  }
}

/**
 * Decodes and verifies 128 bytes.
 *
 * @throws CryptoError CRYPTO_INVALID_INPUT on a wrong length; CRYPTO_BAD_SIGNATURE on a bad binding.
 */
export function decodePublicIdentity(bytes: Uint8Array): PublicIdentity {
  const identity = parsePublicIdentity(bytes);
  verifyPublicIdentity(identity);
  return identity;
}
