import { BaseKeyProvider, createKeyMaterialFromBuffer } from 'livekit-client';
import { MEDIA_KEYRING_SIZE } from '../limits.js';
import { deriveMediaKey, keyIndexOf } from '../media-keys.js';

/**
 * LiveKit key provider fed with CrypTalk media keys: one shared key per epoch (every participant derives
 * the same from the room's group secret), placed in keyring slot `epoch % MEDIA_KEYRING_SIZE`. Setting a
 * new epoch makes it the sending key at once; older slots stay for frames still in flight. No automatic
 * ratcheting: a wrong key stays wrong, and frames that fail are dropped and reported.
 */
export class MediaKeyProvider extends BaseKeyProvider {
  constructor() {
    super({ sharedKey: true, ratchetWindowSize: 0, failureTolerance: -1, keyringSize: MEDIA_KEYRING_SIZE });
  }

  /**
   * Installs the key material of an epoch and makes it current.
   * @param material - {@link deriveMediaKey} output.
   * @param epoch - the key epoch.
   */
  async setEpochKey(material: Uint8Array, epoch: number): Promise<void> {
    const copy = new Uint8Array(material);
    const imported = await createKeyMaterialFromBuffer(copy.buffer);
    copy.fill(0);
    this.onSetEncryptionKey(imported, undefined, keyIndexOf(epoch));
  }

  /**
   * Derives an epoch's media key from the secret ({@link deriveMediaKey}) and installs it. Done here, in the
   * lazily loaded SFU part, so that P2P-only code (the widget's calls chunk) carries no HKDF.
   * @param secret - the room's group secret or the call's per-call secret.
   * @param callId - the call id (the HKDF salt).
   * @param epoch - the key epoch.
   */
  async setEpochSecret(secret: Uint8Array, callId: string, epoch: number): Promise<void> {
    const key = deriveMediaKey(secret, callId, epoch);
    try {
      await this.setEpochKey(key, epoch);
    } finally {
      key.fill(0);
    }
  }
}
