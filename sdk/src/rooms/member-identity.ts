/**
 * Members' public identities as rooms decode them from MLS credentials: each distinct encoding is decoded and
 * its binding signature verified once per process, not once per member per epoch. A group room lists its
 * members again after every commit; at 100 members that was 100 Ed25519 verifications per commit (about 40 ms
 * of a browser Worker's time with noble).
 *
 * @module
 */
import { toBase64 } from '../crypto/bytes.js';
import { decodePublicIdentity, type PublicIdentity } from '../crypto/identity/index.js';

/** Encodings remembered, at most (public data: a few hundred bytes each). */
export const MEMBER_IDENTITY_MEMORY = 4096;

/** Verified identities by their encoding (base64), oldest first. */
const verified = new Map<string, PublicIdentity>();

/**
 * Decodes and verifies a member's encoded public identity, or answers from the identities already verified.
 * Each call returns new arrays, so a caller changing them changes nothing else.
 *
 * @throws CryptoError as `decodePublicIdentity` (malformed, or the X25519 key is not signed by the Ed25519
 *   key): a refused encoding is never remembered, so it is refused every time.
 */
export function decodeMemberIdentity(bytes: Uint8Array): PublicIdentity {
  const id = toBase64(bytes);
  let p = verified.get(id);
  if (p === undefined) {
    p = decodePublicIdentity(bytes);
    if (verified.size >= MEMBER_IDENTITY_MEMORY) verified.delete(verified.keys().next().value as string);
    verified.set(id, p);
  }
  return {
    signingKey: p.signingKey.slice(),
    dhKey: p.dhKey.slice(),
    dhKeySignature: p.dhKeySignature.slice(),
  };
}
