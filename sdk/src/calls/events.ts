import type { CallEndCode, CallMode, CallState } from './call-state.js';
import type { CallError } from './errors.js';

/** The ICE candidate type of the selected pair's local side. */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** One sample of call quality. */
export interface CallQuality {
  /** Where media flows. */
  mode: CallMode;
  /** Round-trip time to the peer (P2P) or the SFU, in ms, when known. */
  rttMs?: number;
  /** Fraction of inbound packets lost since the call started, 0…1. */
  loss: number;
  /** Inbound bitrate over the last interval, in kbit/s. */
  inboundKbps: number;
  /** Outbound bitrate over the last interval, in kbit/s. */
  outboundKbps: number;
  /** Local candidate type of the selected pair (P2P: `host`, `srflx`, `prflx` or `relay`). */
  localCandidateType?: CandidateType;
  /** Remote candidate type of the selected pair. */
  remoteCandidateType?: CandidateType;
  /** Video frames decoded since the call started, over every remote track. */
  framesDecoded: number;
}

/** A remote participant's media arrived. */
export interface RemoteMedia {
  /** The participant's id in the room (`undefined` when the SFU identity is not yet mapped). */
  participant: string | undefined;
  /** The track. */
  track: MediaStreamTrack;
  /** A stream holding the participant's tracks, ready for a `<video>` element. */
  stream: MediaStream;
}

/** A remote participant's media state, as it told the call in an encrypted `media` signal. */
export interface RemoteMediaState {
  /** The participant's id in the room. */
  participant: string;
  /** Its microphone is muted. */
  audioMuted: boolean;
  /** Its camera is off. */
  videoMuted: boolean;
  /** It shares its screen in place of its camera. */
  screenSharing: boolean;
}

/** Every event a call emits, with its payload. */
export interface CallEvents {
  /** The state changed (every transition, with the state). */
  state: CallState;
  /** The call is ringing (outgoing: the ring went out; incoming calls are announced by the manager). */
  ringing: { direction: 'outgoing' | 'incoming' };
  /** Media flows. */
  connected: { mode: CallMode };
  /** Media stopped flowing and the call is trying to recover (an ICE restart, or LiveKit reconnecting). */
  reconnecting: { mode: CallMode; reason: string };
  /** The call moved to the SFU. */
  fallback: { reason: 'timeout' | 'ice-failed' | 'participants' | 'remote'; afterMs: number };
  /** The call ended. */
  ended: { code: CallEndCode; reason: string };
  /** A quality sample. */
  quality: CallQuality;
  /** Remote media arrived. */
  track: RemoteMedia;
  /** A participant's mute, camera or screen-share state changed (or was first told). */
  'remote-media': RemoteMediaState;
  /**
   * A member declined the ring (an encrypted `decline`). In a 1:1 room the call then ends with `declined`;
   * in a group room it keeps ringing for the others.
   */
  declined: { participant: string };
  /** A participant joined or left the call. */
  participants: { ids: string[] };
  /** Media from a participant did not decrypt (wrong or missing key). */
  'decryption-error': { participant: string | undefined; error: CallError };
  /** The media key epoch changed (someone left). */
  'key-rotated': { epoch: number };
  /** Something went wrong that the call survived. */
  error: CallError;
}
