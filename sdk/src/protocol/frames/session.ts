/**
 * Session frames: the relay's challenge and a connection-level proof.
 *
 * ```text
 * C→R {v:1, t:"challenge", rid?}                                   ask for a fresh one-use challenge
 * R→C {v:1, t:"challenge", connId, nonce, issuedAt, rid?}          sent unasked right after the upgrade, then on request
 * C→R {v:1, t:"auth", proof:{nonce,key,sig}, rid?}                 prove possession of any key (directory owners)
 * R→C {v:1, t:"authed", rid?}
 * ```
 * @module
 */
import { MAX_CONN_ID_LENGTH, NONCE_B64_LENGTH } from '../limits.js';
import { b64Field, type Fields, onlyFields, uintField } from '../validate.js';
import { type FrameBase, type Proof, proofField } from './base.js';

/** Client → relay: ask for a fresh challenge. */
export interface ChallengeRequestFrame extends FrameBase {
  t: 'challenge';
}

/** Relay → client: a one-use challenge; a proof over it is accepted once, within the relay's expiry window. */
export interface ChallengeFrame extends FrameBase {
  t: 'challenge';
  /** The relay's random id of this connection (bound into the signed bytes; not a permanent identifier). */
  connId: string;
  /** 32 random bytes, base64url. */
  nonce: string;
  /** When the relay issued it, in ms since the Unix epoch. */
  issuedAt: number;
}

/** Client → relay: prove possession of a key without joining a room. */
export interface AuthFrame extends FrameBase {
  t: 'auth';
  proof: Proof;
}

/** Relay → client: the proof was accepted. */
export interface AuthedFrame extends FrameBase {
  t: 'authed';
}

/** Decodes the body of a `challenge` request. */
export function decodeChallengeRequest(o: Fields, base: FrameBase): ChallengeRequestFrame {
  onlyFields(o, []);
  return { ...base, t: 'challenge' };
}

/** Decodes the body of a relay `challenge`. */
export function decodeChallenge(o: Fields, base: FrameBase): ChallengeFrame {
  onlyFields(o, ['connId', 'nonce', 'issuedAt']);
  return {
    ...base,
    t: 'challenge',
    connId: b64Field(o, 'connId', 1, MAX_CONN_ID_LENGTH),
    nonce: b64Field(o, 'nonce', NONCE_B64_LENGTH, NONCE_B64_LENGTH),
    issuedAt: uintField(o, 'issuedAt', Number.MAX_SAFE_INTEGER),
  };
}

/** Decodes the body of an `auth` frame. */
export function decodeAuth(o: Fields, base: FrameBase): AuthFrame {
  onlyFields(o, ['proof']);
  return { ...base, t: 'auth', proof: proofField(o) };
}

/** Decodes the body of an `authed` frame. */
export function decodeAuthed(o: Fields, base: FrameBase): AuthedFrame {
  onlyFields(o, []);
  return { ...base, t: 'authed' };
}
