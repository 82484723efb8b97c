/**
 * Members' public identities as rooms decode them from MLS credentials: each distinct encoding is decoded and
 * its binding signature verified once per process, not once per member per epoch. A group room lists its
 * members again after every commit; at 100 members that was 100 Ed25519 verifications per commit (about 40 ms
 * of a browser Worker's time with noble).
 *
 * The verification is asynchronous (the platform's Ed25519 where it has one, so a browser's group rooms need no
 * curve code): a room awaits {@link verifyMemberIdentity} for every credential whenever its group changes, and
 * its synchronous readers (the member list, a message's author) read the result with {@link knownMemberIdentity}.
 *
 * @module
 */
import { toBase64 } from '../crypto/bytes.js';
import { decodePublicIdentityAsync, type PublicIdentity } from '../crypto/identity/index.js';

/** Encodings remembered, at most (public data: a few hundred bytes each). */
export const MEMBER_IDENTITY_MEMORY = 4096;

/** Verified identities by their encoding (base64), oldest first. */
const verified = new Map<string, PublicIdentity>();

/** A copy, so a caller changing its arrays changes nothing else. */
function copy(p: PublicIdentity): PublicIdentity {
  return {
    signingKey: p.signingKey.slice(),
    dhKey: p.dhKey.slice(),
    dhKeySignature: p.dhKeySignature.slice(),
  };
}

/**
 * Decodes and verifies a member's encoded public identity, or answers from the identities already verified, and
 * remembers it for {@link knownMemberIdentity}. Each call returns new arrays.
 *
 * @throws CryptoError as `decodePublicIdentityAsync` (malformed, or the X25519 key is not signed by the Ed25519
 *   key): a refused encoding is never remembered, so it is refused every time.
 */
export async function verifyMemberIdentity(bytes: Uint8Array): Promise<PublicIdentity> {
  const id = toBase64(bytes);
  let p = verified.get(id);
  if (p === undefined) {
    p = await decodePublicIdentityAsync(bytes);
    if (verified.size >= MEMBER_IDENTITY_MEMORY) verified.delete(verified.keys().next().value as string);
    verified.set(id, p);
  }
  return copy(p);
}

/**
 * A member's identity if {@link verifyMemberIdentity} verified this encoding (and still remembers it), else
 * `undefined`: never one that was not verified. Each call returns new arrays.
 */
export function knownMemberIdentity(bytes: Uint8Array): PublicIdentity | undefined {
  const p = verified.get(toBase64(bytes));
  return p && copy(p);
}
