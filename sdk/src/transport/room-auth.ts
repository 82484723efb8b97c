import { deriveRoomAuthKey, proveChallenge, type RoomAuthKey } from '../crypto/auth/index.js';
import { type ChallengeFrame, fromBase64url, type Proof, toBase64url } from '../protocol/index.js';

/**
 * The client side of relay authentication: one pseudonymous key per room, derived from the device secret, and
 * a proof of possession over a one-use relay challenge bound to the relay's origin and the connection.
 */
export class RoomAuth {
  private readonly keys = new Map<string, RoomAuthKey>();

  /**
   * @param deviceSecret - at least 32 bytes; never leaves the device.
   * @param origin - the origin of the relay URL the client connected to (never one the relay claims).
   */
  constructor(
    private readonly deviceSecret: Uint8Array,
    private readonly origin: string,
  ) {}

  /** The room's public key, base64url. */
  publicKey(room: string): string {
    return toBase64url(this.key(room).publicKey);
  }

  private key(room: string): RoomAuthKey {
    let k = this.keys.get(room);
    if (!k) {
      k = deriveRoomAuthKey(this.deviceSecret, room);
      this.keys.set(room, k);
    }
    return k;
  }

  /** A proof for `room` over `challenge`. */
  prove(room: string, challenge: ChallengeFrame): Proof {
    const key = this.key(room);
    const sig = proveChallenge(key, {
      origin: this.origin,
      connId: challenge.connId,
      nonce: fromBase64url(challenge.nonce, 'nonce'),
      issuedAt: challenge.issuedAt,
    });
    return { nonce: challenge.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
  }

  /** Zeroes every derived key. */
  destroy(): void {
    for (const k of this.keys.values()) k.destroy();
    this.keys.clear();
  }
}
