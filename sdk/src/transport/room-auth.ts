import { deriveRoomAuthKeyAsync, proveChallengeAsync, type RoomAuthKey } from '../crypto/auth/index.js';
import { type ChallengeFrame, fromBase64url, type Proof, toBase64url } from '../protocol/index.js';

/**
 * The client side of relay authentication: one pseudonymous key per room, derived from the device secret, and
 * a proof of possession over a one-use relay challenge bound to the relay's origin and the connection.
 * Keys and proofs come from the platform's Ed25519 (WebCrypto) where it has one, else noble: the same bytes.
 */
export class RoomAuth {
  private readonly keys = new Map<string, Promise<RoomAuthKey>>();

  /**
   * @param deviceSecret - at least 32 bytes; never leaves the device.
   * @param origin - the origin of the relay URL the client connected to (never one the relay claims).
   */
  constructor(
    private readonly deviceSecret: Uint8Array,
    private readonly origin: string,
  ) {}

  /**
   * The room's public key, base64url.
   * @throws RangeError / TypeError on a bad room id.
   */
  async publicKey(room: string): Promise<string> {
    return toBase64url((await this.key(room)).publicKey);
  }

  /** The room's key, derived once (concurrent callers share the derivation). */
  private key(room: string): Promise<RoomAuthKey> {
    let k = this.keys.get(room);
    if (!k) {
      k = deriveRoomAuthKeyAsync(this.deviceSecret, room);
      this.keys.set(room, k);
      // a bad room id is not remembered
      k.catch(() => this.keys.delete(room));
    }
    return k;
  }

  /**
   * A proof for `room` over `challenge`.
   * @throws RangeError / TypeError on a bad room id or challenge nonce.
   */
  async prove(room: string, challenge: ChallengeFrame): Promise<Proof> {
    const key = await this.key(room);
    const sig = await proveChallengeAsync(key, {
      origin: this.origin,
      connId: challenge.connId,
      nonce: fromBase64url(challenge.nonce, 'nonce'),
      issuedAt: challenge.issuedAt,
    });
    return { nonce: challenge.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
  }

  /** Zeroes every derived key (those still being derived as soon as they are ready). */
  destroy(): void {
    for (const k of this.keys.values())
      k.then(
        (key) => key.destroy(),
        () => {},
      );
    this.keys.clear();
  }
}
