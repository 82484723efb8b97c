/**
 * Per-room pseudonymous Ed25519 keys for relay authentication, derived from the device secret so that the relay
 * cannot link one device across rooms (distinct HKDF outputs are independent without the device secret).
 *
 * ```
 * seed = HKDF-SHA256(ikm = deviceSecret, salt = "" (32 zero bytes), info = "CrypTalk v1 auth room key" || u16 len || roomId(UTF-8), 32)
 * key  = Ed25519 key pair from seed (RFC 8032 §5.1.5)
 * ```
 *
 * @module
 */
import { abytes, concatBytes, lp16, toBase64, utf8, zeroize } from '../bytes.js';
import { LABEL_AUTH_ROOM_KEY } from '../labels.js';
import { AUTH_MAX_ROOM_ID_BYTES } from '../limits.js';
import { hkdfSha256 } from '../primitives/kdf.js';
import { ed25519PublicKeyAsync } from '../primitives/platform-curves.js';
import { SecretKey } from '../secret.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Shortest device secret accepted, in bytes. */
export const DEVICE_SECRET_MIN_LENGTH = 32;

/** A per-room pseudonymous key pair. Prints as `ed25519:<base64 public key>`; the secret never prints. */
export class RoomAuthKey {
  /** The 32-byte Ed25519 public key the relay sees for this room. */
  readonly publicKey: Uint8Array;
  /** The 32-byte Ed25519 seed. */
  readonly secretKey: SecretKey;

  /** @internal use {@link deriveRoomAuthKeyAsync}. */
  constructor(secretKey: SecretKey, publicKey: Uint8Array) {
    this.secretKey = secretKey;
    this.publicKey = publicKey;
  }

  /** Zeroes the seed. */
  destroy(): void {
    this.secretKey.destroy();
  }

  /** `ed25519:<base64>` of the public key. */
  toString(): string {
    return `ed25519:${toBase64(this.publicKey)}`;
  }

  /** Same as `toString()`; never the secret. */
  toJSON(): string {
    return this.toString();
  }

  /** Same as `toString()` for Node's inspect. */
  [INSPECT](): string {
    return this.toString();
  }
}

/**
 * Derives the pseudonymous key a device uses in one room, its public key computed by the platform's Ed25519
 * (WebCrypto) where it has one, else the synchronous code (node:crypto, or noble loaded on first need): the same
 * key pair as `deriveRoomAuthKey`.
 *
 * @param deviceSecret - at least 32 bytes of the device's long-term secret (never sent anywhere).
 * @param roomId - the room id (1..255 UTF-8 bytes).
 * @returns the room key; the same inputs always give the same key.
 * @throws TypeError / RangeError on a short secret or a bad room id; CryptoError CRYPTO_NOT_LOADED when the
 *   synchronous code was needed and could not be loaded.
 * @example
 * const k = await deriveRoomAuthKeyAsync(deviceSecret, 'room-42'); k.toString() // 'ed25519:…'
 */
export async function deriveRoomAuthKeyAsync(deviceSecret: Uint8Array, roomId: string): Promise<RoomAuthKey> {
  const seed = roomAuthSeed(deviceSecret, roomId);
  return new RoomAuthKey(new SecretKey(seed), await ed25519PublicKeyAsync(seed));
}

/**
 * The room's Ed25519 seed (see the module comment), after checking the inputs (for `room-auth-sync.ts`).
 *
 * @throws TypeError / RangeError on a short secret or a bad room id.
 */
export function roomAuthSeed(deviceSecret: Uint8Array, roomId: string): Uint8Array {
  abytes(deviceSecret, undefined, 'deviceSecret');
  if (deviceSecret.length < DEVICE_SECRET_MIN_LENGTH) {
    throw new RangeError(`deviceSecret must be at least ${DEVICE_SECRET_MIN_LENGTH} bytes`);
  }
  if (typeof roomId !== 'string') throw new TypeError('roomId must be a string');
  const room = utf8(roomId);
  if (room.length === 0 || room.length > AUTH_MAX_ROOM_ID_BYTES) {
    throw new RangeError(`roomId must be 1..${AUTH_MAX_ROOM_ID_BYTES} UTF-8 bytes`);
  }
  const info = concatBytes(utf8(LABEL_AUTH_ROOM_KEY), lp16(room));
  const seed = hkdfSha256(deviceSecret, new Uint8Array(0), info, 32);
  zeroize(info);
  return seed;
}
