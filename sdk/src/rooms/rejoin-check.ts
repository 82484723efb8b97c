/**
 * How a member decides what to do with a join request whose joiner may already have a (stale) leaf in the group,
 * and how a rejoining member attaches its proof to the request.
 *
 * The proof (`rejoin-request.ts`) rides in the sealed join request's `req` field, which every member echoes
 * opaquely in its Welcome: `req = <request id> "." <base64url(proof)>` (request ids are base64url, so they never
 * contain "."). Members that do not know rejoin proofs admit such a request like any join.
 *
 * @module
 */
import { equalBytes } from '../crypto/bytes.js';
import type { MlsGroup } from '../crypto/group/index.js';
import { fromBase64url, toBase64url } from '../protocol/index.js';
import { groupLeaves, keyPackageIdentity } from './group-leaves.js';
import { verifyMemberIdentity } from './member-identity.js';
import {
  decodeRejoinProof,
  type RejoinBinding,
  signRejoinProof,
  verifyRejoinProof,
} from './rejoin-request.js';

/** Separates the request id from the proof in a rejoin request's `req`. */
const REQ_PROOF_SEPARATOR = '.';

/**
 * What to do with a join request:
 * - `add`: add the key package (a first join, a request without a proof, or one whose old leaf is already gone);
 * - `replace`: remove the joiner's stale leaf (the first leaf carrying `identity`, which is the proven one) and add;
 * - `refuse`: do nothing (a proof that does not verify: forged, replayed, or for another leaf).
 */
export type RejoinDecision =
  | { readonly kind: 'add' }
  | { readonly kind: 'replace'; readonly oldLeaf: number; readonly identity: Uint8Array }
  | { readonly kind: 'refuse'; readonly reason: string };

/** The stale leaf a rejoining member proves it owned (kept until its rejoin completes). */
export interface StaleLeaf {
  /** The MLS group id. */
  readonly groupId: Uint8Array;
  /** Its leaf index. */
  readonly leaf: number;
  /** Its MLS signature public key. */
  readonly signatureKey: Uint8Array;
}

/** This member's own leaf in `group` (read before the stale state is dropped). */
export function staleLeafOf(group: MlsGroup): StaleLeaf | undefined {
  const { own, leaves } = groupLeaves(group);
  const leaf = leaves[own];
  return leaf ? { groupId: group.groupId, leaf: own, signatureKey: leaf.signatureKey } : undefined;
}

/**
 * The `req` of a rejoin request: the request id followed by a proof over `stale` and the new key package.
 * @param sign - the device identity's Ed25519 signer (`DeviceIdentity.signAsync`). @param nonce - fresh random bytes.
 */
export async function rejoinReq(
  id: string,
  roomId: string,
  stale: StaleLeaf,
  keyPackage: Uint8Array,
  nonce: Uint8Array,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  const binding: RejoinBinding = {
    roomId,
    groupId: stale.groupId,
    oldLeaf: stale.leaf,
    oldLeafSignatureKey: stale.signatureKey,
    keyPackage,
  };
  return `${id}${REQ_PROOF_SEPARATOR}${toBase64url(await signRejoinProof(binding, nonce, sign))}`;
}

/** The proof bytes in a request's `req`, if it carries one (`null`: it has one that is not base64url). */
export function proofOfReq(req: string): Uint8Array | undefined | null {
  const at = req.indexOf(REQ_PROOF_SEPARATOR);
  if (at < 0) return undefined;
  try {
    return fromBase64url(req.slice(at + 1), 'rejoin');
  } catch {
    return null;
  }
}

/**
 * Decides what to do with a join request (see {@link RejoinDecision}); never rejects. The joiner's identity and
 * its proof are verified asynchronously (the platform's Ed25519 where it has one).
 * @param group - this member's current group. @param roomId - the room.
 * @param req - the request's `req`. @param keyPackage - the key package taken from the directory.
 */
export async function checkRejoin(
  group: MlsGroup,
  roomId: string,
  req: string,
  keyPackage: Uint8Array,
): Promise<RejoinDecision> {
  const proofBytes = proofOfReq(req);
  const identity = keyPackageIdentity(keyPackage);
  if (!identity) return { kind: 'add' }; // not a CrypTalk key package: MLS decides as for any join
  const { leaves } = groupLeaves(group);
  const mine = leaves.filter((l) => l?.identity !== undefined && equalBytes(l.identity, identity));
  if (proofBytes === undefined || mine.length === 0) return { kind: 'add' };
  const proof = proofBytes && decodeRejoinProof(proofBytes);
  if (!proof) return { kind: 'refuse', reason: 'malformed proof' };
  const old = leaves[proof.oldLeaf];
  if (!old?.identity || !equalBytes(old.identity, identity)) {
    return { kind: 'refuse', reason: 'the old leaf is not the joiner’s' };
  }
  let signingKey: Uint8Array;
  try {
    signingKey = (await verifyMemberIdentity(identity)).signingKey;
  } catch {
    return { kind: 'refuse', reason: 'not a CrypTalk identity' };
  }
  const binding: RejoinBinding = {
    roomId,
    groupId: group.groupId,
    oldLeaf: proof.oldLeaf,
    oldLeafSignatureKey: old.signatureKey,
    keyPackage,
  };
  // A verification that cannot finish (the curve code failed to load: CRYPTO_NOT_LOADED) refuses too: nobody
  // is removed on a proof not checked; the joiner may ask again.
  const proven = await verifyRejoinProof(proof, binding, signingKey).catch(() => undefined);
  if (proven === undefined) return { kind: 'refuse', reason: 'proof not verifiable now' };
  if (!proven) return { kind: 'refuse', reason: 'bad signature' };
  // MlsGroup removes the first leaf of an identity: only when that is the proven one (older duplicates: add only)
  if (mine[0]?.index !== proof.oldLeaf) return { kind: 'add' };
  return { kind: 'replace', oldLeaf: proof.oldLeaf, identity };
}
