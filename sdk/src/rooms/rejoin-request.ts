/**
 * The rejoin proof: a member that lost its group state (it missed commits it can no longer fetch) asks to be
 * re-added, and proves, with its device's Ed25519 identity key, that the stale leaf it leaves behind is its own,
 * so the member who admits it removes that leaf. It travels base64url-encoded in the `rejoin` field of the sealed
 * join request (`invite-seal.ts`).
 *
 * ```text
 * proof  = 0x01 (version) || oldLeaf (u32) || nonce (16, random) || signature (64)            = 85 bytes
 * signed = utf8(LABEL_GROUP_REJOIN) || lp16(utf8(roomId)) || lp16(groupId) || u32(oldLeaf)
 *          || lp16(oldLeafSignatureKey) || SHA-256(newKeyPackage) (32) || nonce (16)
 * signature = Ed25519(identity signing key, signed)
 * ```
 *
 * - `oldLeafSignatureKey` is the MLS signature key of the stale leaf (RFC 9420 §7.2 `LeafNode.signature_key`):
 *   fresh in every key package, so it names one leaf instance. A proof replayed after that leaf was removed (or
 *   replaced at the same index) no longer verifies: it can remove nobody.
 * - `newKeyPackage` is the encoded key package the joiner published: the admitter adds exactly that one.
 * - The signing key is not sent: the verifier takes it from the credential of the leaf at `oldLeaf` (a CrypTalk
 *   public identity), and the new key package must carry the same credential. Another member or the relay
 *   cannot sign for that identity, so a forged proof removes nobody.
 * - The room id and group id bind it to one group; the random nonce makes every proof unique.
 *
 * @module
 */
import { concatBytes, lp16, readU32, u32, utf8 } from '../crypto/bytes.js';
import { LABEL_GROUP_REJOIN } from '../crypto/labels.js';
import { ED25519_SIGNATURE_LENGTH, ed25519VerifyAsync, sha256Digest } from '../crypto/primitives/index.js';

/** Version byte of the rejoin proof. */
export const REJOIN_PROOF_VERSION = 0x01;
/** Length of the proof's random nonce in bytes. */
export const REJOIN_NONCE_LENGTH = 16;
/** Length of an encoded rejoin proof in bytes. */
export const REJOIN_PROOF_LENGTH = 1 + 4 + REJOIN_NONCE_LENGTH + ED25519_SIGNATURE_LENGTH;

/** A decoded rejoin proof. */
export interface RejoinProof {
  /** The stale leaf's index in the ratchet tree. */
  readonly oldLeaf: number;
  /** The fresh random value. */
  readonly nonce: Uint8Array;
  /** Ed25519 signature by the identity key over {@link rejoinSignedBytes}. */
  readonly signature: Uint8Array;
}

/** What a rejoin proof is bound to (the verifier takes each from its own group state). */
export interface RejoinBinding {
  /** The room id. */
  readonly roomId: string;
  /** The MLS group id. */
  readonly groupId: Uint8Array;
  /** The stale leaf's index. */
  readonly oldLeaf: number;
  /** The stale leaf's MLS signature public key. */
  readonly oldLeafSignatureKey: Uint8Array;
  /** The new key package (encoded MLSMessage) the joiner published. */
  readonly keyPackage: Uint8Array;
}

/** The bytes a rejoin proof signs (see the module comment). */
export function rejoinSignedBytes(b: RejoinBinding, nonce: Uint8Array): Uint8Array {
  if (!Number.isInteger(b.oldLeaf) || b.oldLeaf < 0 || b.oldLeaf > 0xffff_ffff) {
    throw new RangeError('oldLeaf must be a u32');
  }
  if (nonce.length !== REJOIN_NONCE_LENGTH)
    throw new RangeError(`nonce must be ${REJOIN_NONCE_LENGTH} bytes`);
  return concatBytes(
    utf8(LABEL_GROUP_REJOIN),
    lp16(utf8(b.roomId)),
    lp16(b.groupId),
    u32(b.oldLeaf),
    lp16(b.oldLeafSignatureKey),
    sha256Digest(b.keyPackage),
    nonce,
  );
}

/**
 * Makes a rejoin proof.
 * @param b - what it binds. @param nonce - fresh random bytes ({@link REJOIN_NONCE_LENGTH}).
 * @param sign - the device identity's Ed25519 signer (`DeviceIdentity.signAsync`).
 */
export async function signRejoinProof(
  b: RejoinBinding,
  nonce: Uint8Array,
  sign: (message: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const signature = await sign(rejoinSignedBytes(b, nonce));
  return concatBytes(new Uint8Array([REJOIN_PROOF_VERSION]), u32(b.oldLeaf), nonce, signature);
}

/**
 * Decodes a rejoin proof strictly.
 * @returns `undefined` for anything that is not exactly one version-1 proof.
 */
export function decodeRejoinProof(bytes: Uint8Array): RejoinProof | undefined {
  if (bytes.length !== REJOIN_PROOF_LENGTH || bytes[0] !== REJOIN_PROOF_VERSION) return undefined;
  return {
    oldLeaf: readU32(bytes, 1),
    nonce: bytes.slice(5, 5 + REJOIN_NONCE_LENGTH),
    signature: bytes.slice(5 + REJOIN_NONCE_LENGTH),
  };
}

/**
 * Whether `proof` is a valid signature by `signingKey` over `binding` (whose `oldLeaf` must be the proof's),
 * checked by the platform's Ed25519 where it has one (the strict verdict of `primitives/platform-curves.ts`).
 * Never rejects: false for anything that does not verify.
 */
export async function verifyRejoinProof(
  proof: RejoinProof,
  binding: RejoinBinding,
  signingKey: Uint8Array,
): Promise<boolean> {
  if (proof.oldLeaf !== binding.oldLeaf) return false;
  try {
    return await ed25519VerifyAsync(signingKey, rejoinSignedBytes(binding, proof.nonce), proof.signature);
  } catch {
    return false;
  }
}
