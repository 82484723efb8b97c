import { ProtocolError } from '../errors.js';
import { KEY_B64_LENGTH, NONCE_B64_LENGTH, SIG_B64_LENGTH } from '../limits.js';
import { b64Field, type Fields, objectField, onlyFields } from '../validate.js';

/**
 * Every frame is one JSON text message `{ "v": 1, "t": <type>, … }`. `rid` is an optional client-chosen
 * request id that the relay echoes in the reply (and in an error caused by that frame).
 */
export interface FrameBase {
  /** Protocol version. */
  v: 1;
  /** Optional request id, echoed in replies. */
  rid?: string;
}

/**
 * A proof of possession of a pseudonymous Ed25519 key over one relay challenge (see `crypto/auth`).
 *
 * ```text
 * { "nonce": "…43…",  the 32-byte nonce of the challenge being answered, base64url
 *   "key":   "…43…",  the 32-byte Ed25519 public key (a per-room key for joins), base64url
 *   "sig":   "…86…" } Ed25519 signature over the canonical challenge bytes, base64url
 * ```
 */
export interface Proof {
  nonce: string;
  key: string;
  sig: string;
}

/** Reads a {@link Proof} object from `o[field]`. */
export function proofField(o: Fields, field = 'proof'): Proof {
  const p = objectField(o[field], field);
  onlyFields(p, ['nonce', 'key', 'sig']);
  if (p.v !== undefined || p.t !== undefined || p.rid !== undefined) {
    throw ProtocolError.invalidField(field, 'has unknown fields');
  }
  return {
    nonce: b64Field(p, 'nonce', NONCE_B64_LENGTH, NONCE_B64_LENGTH),
    key: b64Field(p, 'key', KEY_B64_LENGTH, KEY_B64_LENGTH),
    sig: b64Field(p, 'sig', SIG_B64_LENGTH, SIG_B64_LENGTH),
  };
}

/** Reads an optional {@link Proof}. */
export function optionalProofField(o: Fields, field = 'proof'): Proof | undefined {
  return o[field] === undefined ? undefined : proofField(o, field);
}

/** Adds `rid` to a frame when it is defined (keeps optional fields absent rather than `undefined`). */
export function withRid<T extends object>(frame: T, rid: string | undefined): T & { rid?: string } {
  return rid === undefined ? frame : { ...frame, rid };
}
