/**
 * The room payload: what the relay carries in an envelope's `ct`. A one-byte version, a one-byte kind, and an
 * opaque body that is already ciphertext (or, for MLS handshake messages, an MLS message the relay cannot read).
 *
 * ```text
 * payload = 0x01 || kind (1) || body
 * kind 0x01  MLS message (commit, proposal or application; RFC 9420 MLSMessage)
 * kind 0x02  invite-sealed: inviteId (8) || nonce (24) || XChaCha20-Poly1305(inviteKey, nonce, inner, AAD)
 *            AAD = 0x01 || 0x02 || inviteId || utf8(roomId)      inner = JSON join request or welcome
 * kind 0x03  1:1 initial message: PQXDH header || first Double Ratchet message
 * kind 0x04  1:1 Double Ratchet message (header-encrypted)
 * ```
 * The kind tells the relay only what the `hs` flag and sizes already show.
 * @module
 */
import { ClientError } from '../errors.js';

/** The payload version. */
export const PAYLOAD_VERSION = 0x01;

/** Payload kinds. */
export const PayloadKind = {
  MLS: 0x01,
  INVITE_SEALED: 0x02,
  DIRECT_INITIAL: 0x03,
  DIRECT_MESSAGE: 0x04,
} as const;
/** A payload kind. */
export type PayloadKindId = (typeof PayloadKind)[keyof typeof PayloadKind];

/** A decoded payload. */
export interface Payload {
  kind: PayloadKindId;
  body: Uint8Array;
}

/** Encodes a payload. */
export function encodePayload(kind: PayloadKindId, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + body.length);
  out[0] = PAYLOAD_VERSION;
  out[1] = kind;
  out.set(body, 2);
  return out;
}

/**
 * Decodes a payload.
 * @throws ClientError `CLIENT_UNDECRYPTABLE` on an unknown version or kind.
 */
export function decodePayload(bytes: Uint8Array): Payload {
  const kind = bytes[1];
  if (bytes.length < 3 || bytes[0] !== PAYLOAD_VERSION || kind === undefined || kind < 1 || kind > 4) {
    throw ClientError.undecryptable('payload');
  }
  return { kind: kind as PayloadKindId, body: bytes.subarray(2) };
}
