import { ProtocolError } from './errors.js';
import { MAX_CIPHERTEXT_BYTES, MAX_EPOCH, MAX_OFFSET } from './limits.js';
import {
  b64Field,
  type Fields,
  flagField,
  msgIdField,
  onlyFields,
  roomField,
  uintField,
} from './validate.js';
import { PROTOCOL_VERSION } from './version.js';

/** Longest base64url text of a ciphertext within {@link MAX_CIPHERTEXT_BYTES}. */
export const MAX_CIPHERTEXT_B64_LENGTH = Math.ceil((MAX_CIPHERTEXT_BYTES * 4) / 3);

/**
 * The unit the relay stores and fans out: opaque ciphertext plus the least metadata delivery needs.
 *
 * ```text
 * { "v": 1,            protocol version
 *   "msgId": "…22…",   128-bit client-chosen id, base64url; the relay dedupes on it
 *   "room": "…",       opaque room id, base64url (22–86 chars)
 *   "epoch": 0,        group epoch the ciphertext was made in (0 for 1:1 and before MLS)
 *   "offset": 41,      the room's sequence number, assigned by the relay
 *   "ct": "…",         ciphertext bytes, base64url (≤ 192 KiB decoded)
 *   "hs": true }       only on MLS handshake messages
 * ```
 */
export interface Envelope {
  /** Protocol version. */
  v: typeof PROTOCOL_VERSION;
  /** 128-bit client-chosen message id, base64url. */
  msgId: string;
  /** Opaque room id, base64url. */
  room: string;
  /** The group epoch the ciphertext belongs to. */
  epoch: number;
  /** Position in the room's history, assigned by the relay; 0 is the first message. */
  offset: number;
  /** Ciphertext, base64url. */
  ct: string;
  /** Present (`true`) on MLS handshake messages, which the relay orders against the room's group epoch. */
  hs?: true;
}

/**
 * Checks every field of an envelope received inside a frame.
 * @throws ProtocolError when a field is missing or out of its limits.
 */
export function decodeEnvelope(o: Fields): Envelope {
  onlyFields(o, ['msgId', 'room', 'epoch', 'offset', 'ct', 'hs']);
  if (o.v !== PROTOCOL_VERSION) throw ProtocolError.unsupportedVersion();
  const env: Envelope = {
    v: PROTOCOL_VERSION,
    msgId: msgIdField(o),
    room: roomField(o),
    epoch: uintField(o, 'epoch', MAX_EPOCH),
    offset: uintField(o, 'offset', MAX_OFFSET),
    ct: b64Field(o, 'ct', 0, MAX_CIPHERTEXT_B64_LENGTH),
  };
  if (flagField(o, 'hs')) env.hs = true;
  return env;
}
