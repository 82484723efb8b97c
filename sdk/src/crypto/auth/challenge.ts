/**
 * The relay authentication challenge and its canonical byte encoding (the message that is signed).
 *
 * ```
 * challenge_bytes =
 *     "CrypTalk v1 auth challenge"   26 bytes ASCII (LABEL_AUTH_CHALLENGE)
 *  || 0x00                            separator
 *  || u16 len || origin               UTF-8, 1..255 bytes, e.g. "wss://relay.example.com"
 *  || u16 len || connId               UTF-8, 1..128 bytes
 *  || nonce                           32 bytes, random, chosen by the relay
 *  || u64 issuedAt                    milliseconds since the Unix epoch, big-endian
 * proof = Ed25519.Sign(roomSecretKey, challenge_bytes)   64 bytes (a Schnorr signature, RFC 8032 §5.1.6)
 * ```
 *
 * @module
 */
import { abytes, concatBytes, lp16, u64, utf8 } from '../bytes.js';
import { LABEL_AUTH_CHALLENGE } from '../labels.js';
import { AUTH_MAX_CONN_ID_BYTES, AUTH_MAX_ORIGIN_BYTES } from '../limits.js';
import { ED25519_SIGNATURE_LENGTH } from '../primitives/curve-checks.js';
import { ed25519SignAsync } from '../primitives/platform-curves.js';
import type { RoomAuthKey } from './room-auth-key.js';

/** Challenge nonce length in bytes. */
export const AUTH_NONCE_LENGTH = 32;
/** Proof (Ed25519 signature) length in bytes. */
export const AUTH_PROOF_LENGTH = ED25519_SIGNATURE_LENGTH;

/** A challenge the relay issues on a connection. */
export interface AuthChallenge {
  /** The relay origin the client connected to, e.g. `wss://relay.example.com`. */
  origin: string;
  /** The relay's id for this connection. */
  connId: string;
  /** 32 random bytes. */
  nonce: Uint8Array;
  /** When the relay issued it, in ms since the Unix epoch. */
  issuedAt: number;
}

/**
 * Canonical bytes of a challenge (see the module comment).
 *
 * @throws TypeError / RangeError on an empty or too-long origin or connId, a wrong nonce length, or a bad time.
 */
export function encodeChallenge(challenge: AuthChallenge): Uint8Array {
  const origin = utf8(challenge.origin);
  const connId = utf8(challenge.connId);
  if (origin.length === 0 || origin.length > AUTH_MAX_ORIGIN_BYTES) {
    throw new RangeError(`origin must be 1..${AUTH_MAX_ORIGIN_BYTES} UTF-8 bytes`);
  }
  if (connId.length === 0 || connId.length > AUTH_MAX_CONN_ID_BYTES) {
    throw new RangeError(`connId must be 1..${AUTH_MAX_CONN_ID_BYTES} UTF-8 bytes`);
  }
  abytes(challenge.nonce, AUTH_NONCE_LENGTH, 'nonce');
  if (!Number.isSafeInteger(challenge.issuedAt) || challenge.issuedAt < 0) {
    throw new RangeError('issuedAt must be a non-negative safe integer (ms)');
  }
  return concatBytes(
    utf8(LABEL_AUTH_CHALLENGE),
    new Uint8Array([0]),
    lp16(origin),
    lp16(connId),
    challenge.nonce,
    u64(challenge.issuedAt),
  );
}

/**
 * Client side: proves possession of the room key over a challenge, with the platform's Ed25519 (WebCrypto) where
 * it has one, else the synchronous code (node:crypto, or noble loaded on first need): the same 64 bytes as
 * `proveChallenge` (Ed25519 is deterministic). In a browser it needs no curve code in the bundle and runs
 * natively.
 *
 * @param roomKey - from `deriveRoomAuthKeyAsync` or `deriveRoomAuthKey`.
 * @param challenge - as received from the relay, with `origin` set to the origin the client itself connected to
 *   (never the one the relay claims).
 * @returns the 64-byte proof.
 * @throws TypeError / RangeError on a malformed challenge; CryptoError CRYPTO_NOT_LOADED when the synchronous
 *   code was needed and could not be loaded.
 * @example
 * const proof = await proveChallengeAsync(await deriveRoomAuthKeyAsync(secret, roomId), { origin: 'wss://relay.example', connId, nonce, issuedAt });
 */
export function proveChallengeAsync(roomKey: RoomAuthKey, challenge: AuthChallenge): Promise<Uint8Array> {
  return ed25519SignAsync(roomKey.secretKey.expose(), encodeChallenge(challenge));
}
