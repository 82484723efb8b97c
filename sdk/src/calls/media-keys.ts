import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { LABEL_CALL_MEDIA_KEY } from './labels.js';
import { MEDIA_KEY_BYTES, MEDIA_KEYRING_SIZE } from './limits.js';

const encoder = new TextEncoder();

/**
 * Derives a call's media key material for one key epoch: HKDF-SHA-256 (RFC 5869) with
 * `ikm = groupSecret`, `salt = utf8(callId)`, `info = LABEL_CALL_MEDIA_KEY ‖ u32be(epoch)`, 32 bytes.
 * Every participant holding the room's group secret derives the same bytes; LiveKit's E2EE worker turns
 * them into the AES-GCM frame key.
 * @param groupSecret - the room's current group secret (≥ 16 bytes).
 * @param callId - the call's id.
 * @param epoch - the key epoch, 0 at the start and +1 at each rotation.
 * @returns `MEDIA_KEY_BYTES` (32) bytes.
 * @throws RangeError for a short secret or a bad epoch; TypeError for an empty call id.
 */
export function deriveMediaKey(groupSecret: Uint8Array, callId: string, epoch: number): Uint8Array {
  if (!(groupSecret instanceof Uint8Array)) throw new TypeError('groupSecret must be a Uint8Array');
  if (groupSecret.length < 16) throw new RangeError('groupSecret must be at least 16 bytes');
  if (typeof callId !== 'string' || callId.length === 0)
    throw new TypeError('callId must be a non-empty string');
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffff_ffff) {
    throw new RangeError('epoch must be an integer from 0 to 2^32-1');
  }
  const label = encoder.encode(LABEL_CALL_MEDIA_KEY);
  const info = new Uint8Array(label.length + 4);
  info.set(label);
  new DataView(info.buffer).setUint32(label.length, epoch, false);
  return hkdf(sha256, groupSecret, encoder.encode(callId), info, MEDIA_KEY_BYTES);
}

/** The LiveKit keyring slot of a key epoch. */
export function keyIndexOf(epoch: number): number {
  return epoch % MEDIA_KEYRING_SIZE;
}
