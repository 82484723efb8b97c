/**
 * Read-only views of an MLS group's leaves that `MlsGroup` does not expose yet: each leaf's MLS signature key
 * (RFC 9420 §7.2 `LeafNode.signature_key`) and this member's own leaf index. The rejoin proof binds the stale
 * leaf's signature key (`rejoin-request.ts`).
 *
 * Until the crypto core offers getters for them (`MlsGroup.leafSignatureKey(i)`, `MlsGroup.ownLeaf`), they are
 * read from the serialized state (`0x01 || lp16(suite name) || ts-mls GroupState`, docs/protocol.md "Rooms (MLS)")
 * with ts-mls's own decoder: nothing is computed here, and the serialized copy (it holds secrets) is zeroed.
 * Only a rejoin reads them (rare), so the cost of one serialization does not matter.
 *
 * @module
 */
import { decodeGroupState } from 'ts-mls';
import { readU16 } from '../crypto/bytes.js';
import { decodeKeyPackage, type MlsGroup } from '../crypto/group/index.js';

/** One occupied leaf. */
export interface LeafView {
  /** The leaf index. */
  readonly index: number;
  /** The basic credential's identity (a CrypTalk encoded public identity), if basic. */
  readonly identity: Uint8Array | undefined;
  /** The leaf's MLS signature public key. */
  readonly signatureKey: Uint8Array;
}

/** The leaves of a group (by leaf index; `undefined` for blank ones) and this member's own leaf index. */
export function groupLeaves(group: MlsGroup): { own: number; leaves: (LeafView | undefined)[] } {
  const bytes = group.serialize();
  try {
    const offset = 3 + readU16(bytes, 1);
    const decoded = decodeGroupState(bytes, offset);
    if (!decoded) throw new TypeError('group state does not decode');
    const state = decoded[0];
    const leaves: (LeafView | undefined)[] = [];
    for (let i = 0; i < state.ratchetTree.length; i += 2) {
      const node = state.ratchetTree[i];
      if (node?.nodeType !== 'leaf') {
        leaves.push(undefined);
        continue;
      }
      const cred = node.leaf.credential;
      leaves.push({
        index: i / 2,
        identity: cred.credentialType === 'basic' ? cred.identity.slice() : undefined,
        signatureKey: node.leaf.signaturePublicKey.slice(),
      });
    }
    return { own: state.privatePath.leafIndex, leaves };
  } finally {
    bytes.fill(0);
  }
}

/** The basic-credential identity of an encoded key package (MLSMessage), or `undefined`. */
export function keyPackageIdentity(keyPackage: Uint8Array): Uint8Array | undefined {
  try {
    const cred = decodeKeyPackage(keyPackage).leafNode.credential;
    return cred.credentialType === 'basic' ? cred.identity.slice() : undefined;
  } catch {
    return undefined;
  }
}
