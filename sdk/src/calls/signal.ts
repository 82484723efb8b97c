import type { CallMode } from './call-state.js';
import { CallError } from './errors.js';
import {
  CALL_SECRET_BYTES,
  MAX_CANDIDATE_CHARS,
  MAX_SDP_CHARS,
  MAX_SIGNAL_CHARS,
  MAX_SIGNAL_ID_CHARS,
  SIGNAL_MAX_AGE_MS,
} from './limits.js';

/** Version of the call signal format. */
export const CALL_SIGNAL_VERSION = 1;

/** Fields every call signal carries. */
interface SignalBase {
  /** The call's id (random, base64url). */
  readonly call: string;
  /** Sender's clock, ms since the epoch; receivers drop signals older than {@link SIGNAL_MAX_AGE_MS}. */
  readonly sentAt: number;
}

/**
 * A call signal. It travels as an end-to-end-encrypted ephemeral room message (never queued), so the SDP
 * and with it the DTLS fingerprints that peers check are the ones that arrived encrypted.
 *
 * JSON layout (UTF-8 text inside the room's encrypted envelope):
 * ```
 * { "v": 1, "k": kind, "call": id, "sentAt": ms, … kind fields … }
 * ring        { media: { audio: bool, video: bool }, mk?: b64url }  a call starts; all members may join
 *                                                               (mk: the per-call media secret, 1:1 rooms)
 * join        { lk?: string }                                   the sender joins (lk = its SFU identity)
 * present     { mode: "p2p"|"sfu", lk?: string }                answer to join: who is in, and how
 * description { to: id, sdp: { type, sdp } }                    perfect-negotiation offer/answer
 * candidate   { to: id, candidate: { candidate, sdpMid, sdpMLineIndex, usernameFragment } | null }
 * sfu         { }                                               the sender moved the call to the SFU
 * leave       { }                                               the sender left (before an answer: the ring is over)
 * decline     { }                                               the sender declined the ring
 * media       { audioMuted: bool, videoMuted: bool, screenSharing: bool }   the sender's media state
 * ```
 */
export type CallSignal =
  | (SignalBase & {
      readonly k: 'ring';
      readonly media: { readonly audio: boolean; readonly video: boolean };
      /** The per-call media secret (base64url, {@link CALL_SECRET_BYTES} bytes) in rooms without a group secret. */
      readonly mk?: string;
    })
  | (SignalBase & { readonly k: 'join'; readonly lk?: string })
  | (SignalBase & { readonly k: 'present'; readonly mode: CallMode; readonly lk?: string })
  | (SignalBase & {
      readonly k: 'description';
      readonly to: string;
      readonly sdp: { readonly type: 'offer' | 'answer'; readonly sdp: string };
    })
  | (SignalBase & { readonly k: 'candidate'; readonly to: string; readonly candidate: CandidateInit | null })
  | (SignalBase & { readonly k: 'sfu' })
  | (SignalBase & { readonly k: 'leave' })
  | (SignalBase & { readonly k: 'decline' })
  | (SignalBase & {
      readonly k: 'media';
      readonly audioMuted: boolean;
      readonly videoMuted: boolean;
      readonly screenSharing: boolean;
    });

/** base64url of exactly {@link CALL_SECRET_BYTES} bytes (no padding). */
const SECRET_B64 = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((CALL_SECRET_BYTES * 4) / 3)}}$`);

/** An ICE candidate as signalled (the JSON form of `RTCIceCandidate`). */
export interface CandidateInit {
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
  readonly usernameFragment: string | null;
}

/** Encodes a signal as the JSON text that goes into the encrypted room message. */
export function encodeCallSignal(signal: CallSignal): string {
  return JSON.stringify({ v: CALL_SIGNAL_VERSION, ...signal });
}

function str(o: Record<string, unknown>, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw CallError.malformed(key);
  return v;
}

function optStr(o: Record<string, unknown>, key: string, max: number): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, max);
}

function nullableStr(o: Record<string, unknown>, key: string, max: number): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || v.length > max) throw CallError.malformed(key);
  return v;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw CallError.malformed(what);
  return v as Record<string, unknown>;
}

/**
 * Decodes and validates a signal strictly: every field is checked against limits.ts.
 * @param text - the decrypted signal text.
 * @param now - the receiver's clock, to drop stale signals.
 * @returns the signal, or `null` when it is well-formed but stale.
 * @throws CallError `CALL_SIGNAL_MALFORMED` for anything else.
 */
export function decodeCallSignal(text: string, now: number = Date.now()): CallSignal | null {
  if (typeof text !== 'string' || text.length > MAX_SIGNAL_CHARS) throw CallError.malformed('size');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw CallError.malformed('json');
  }
  const o = obj(raw, 'signal');
  if (o.v !== CALL_SIGNAL_VERSION) throw CallError.malformed('version');
  const call = str(o, 'call', MAX_SIGNAL_ID_CHARS);
  const sentAt = o.sentAt;
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) throw CallError.malformed('sentAt');
  if (Math.abs(now - sentAt) > SIGNAL_MAX_AGE_MS) return null;
  const base = { call, sentAt };
  switch (o.k) {
    case 'ring': {
      const media = obj(o.media, 'media');
      if (typeof media.audio !== 'boolean' || typeof media.video !== 'boolean')
        throw CallError.malformed('media');
      const ring = { ...base, k: 'ring' as const, media: { audio: media.audio, video: media.video } };
      if (o.mk === undefined) return ring;
      if (typeof o.mk !== 'string' || !SECRET_B64.test(o.mk)) throw CallError.malformed('mk');
      return { ...ring, mk: o.mk };
    }
    case 'join': {
      const lk = optStr(o, 'lk', MAX_SIGNAL_ID_CHARS);
      return lk === undefined ? { ...base, k: 'join' } : { ...base, k: 'join', lk };
    }
    case 'present': {
      if (o.mode !== 'p2p' && o.mode !== 'sfu') throw CallError.malformed('mode');
      const lk = optStr(o, 'lk', MAX_SIGNAL_ID_CHARS);
      return lk === undefined
        ? { ...base, k: 'present', mode: o.mode }
        : { ...base, k: 'present', mode: o.mode, lk };
    }
    case 'description': {
      const to = str(o, 'to', MAX_SIGNAL_ID_CHARS);
      const sdp = obj(o.sdp, 'sdp');
      if (sdp.type !== 'offer' && sdp.type !== 'answer') throw CallError.malformed('sdp.type');
      return { ...base, k: 'description', to, sdp: { type: sdp.type, sdp: str(sdp, 'sdp', MAX_SDP_CHARS) } };
    }
    case 'candidate': {
      const to = str(o, 'to', MAX_SIGNAL_ID_CHARS);
      if (o.candidate === null) return { ...base, k: 'candidate', to, candidate: null };
      const c = obj(o.candidate, 'candidate');
      if (typeof c.candidate !== 'string' || c.candidate.length > MAX_CANDIDATE_CHARS) {
        throw CallError.malformed('candidate');
      }
      const line = c.sdpMLineIndex;
      if (
        line !== null &&
        line !== undefined &&
        (!Number.isInteger(line) || (line as number) < 0 || (line as number) > 64)
      ) {
        throw CallError.malformed('sdpMLineIndex');
      }
      return {
        ...base,
        k: 'candidate',
        to,
        candidate: {
          candidate: c.candidate,
          sdpMid: nullableStr(c, 'sdpMid', 64),
          sdpMLineIndex: (line as number | null | undefined) ?? null,
          usernameFragment: nullableStr(c, 'usernameFragment', 256),
        },
      };
    }
    case 'sfu':
      return { ...base, k: 'sfu' };
    case 'leave':
      return { ...base, k: 'leave' };
    case 'decline':
      return { ...base, k: 'decline' };
    case 'media': {
      const { audioMuted, videoMuted, screenSharing } = o;
      if (typeof audioMuted !== 'boolean') throw CallError.malformed('audioMuted');
      if (typeof videoMuted !== 'boolean') throw CallError.malformed('videoMuted');
      if (typeof screenSharing !== 'boolean') throw CallError.malformed('screenSharing');
      return { ...base, k: 'media', audioMuted, videoMuted, screenSharing };
    }
    default:
      throw CallError.malformed('kind');
  }
}
