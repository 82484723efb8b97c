/**
 * Relay authentication's client side, synchronously: the same room keys and proofs as `deriveRoomAuthKeyAsync`
 * and `proveChallengeAsync`, computed by the synchronous Ed25519 wrapper (node:crypto where the native backend is
 * active, else noble). For Node callers and tests (the relay's test client); the SDK client uses the asynchronous
 * functions, so a browser bundle of it carries no curve code for them.
 *
 * @module
 */
import { ed25519PublicKey, ed25519Sign } from '../primitives/ed25519.js';
import { SecretKey } from '../secret.js';
import { type AuthChallenge, encodeChallenge } from './challenge.js';
import { RoomAuthKey, roomAuthSeed } from './room-auth-key.js';

/**
 * Derives the pseudonymous key a device uses in one room (see `deriveRoomAuthKeyAsync`, which gives the same key).
 *
 * @param deviceSecret - at least 32 bytes of the device's long-term secret (never sent anywhere).
 * @param roomId - the room id (1..255 UTF-8 bytes).
 * @returns the room key; the same inputs always give the same key.
 * @throws TypeError / RangeError on a short secret or a bad room id.
 * @example
 * const k = deriveRoomAuthKey(deviceSecret, 'room-42'); k.toString() // 'ed25519:…'
 */
export function deriveRoomAuthKey(deviceSecret: Uint8Array, roomId: string): RoomAuthKey {
  const seed = roomAuthSeed(deviceSecret, roomId);
  return new RoomAuthKey(new SecretKey(seed), ed25519PublicKey(seed));
}

/**
 * Client side: proves possession of the room key over a challenge (see `proveChallengeAsync`, which gives the
 * same 64 bytes).
 *
 * @param roomKey - from `deriveRoomAuthKey` or `deriveRoomAuthKeyAsync`.
 * @param challenge - as received from the relay, with `origin` set to the origin the client itself connected to
 *   (never the one the relay claims).
 * @returns the 64-byte proof.
 * @throws TypeError / RangeError on a malformed challenge.
 * @example
 * const proof = proveChallenge(deriveRoomAuthKey(secret, roomId), { origin: 'wss://relay.example', connId, nonce, issuedAt });
 */
export function proveChallenge(roomKey: RoomAuthKey, challenge: AuthChallenge): Uint8Array {
  return ed25519Sign(roomKey.secretKey.expose(), encodeChallenge(challenge));
}
