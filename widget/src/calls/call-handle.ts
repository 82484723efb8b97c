import type { Off } from '../internal/emitter.js';
import type { CallProblem } from './call-problem.js';

/** Where a call stands, as the UI shows it. */
export type CallPhase = 'ringing' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

/** How media flows: directly between two people, or through the relay's media server (SFU). */
export type CallMediaMode = 'p2p' | 'sfu';

/** Why a call moved to the media server. */
export type CallFallbackReason = 'timeout' | 'ice-failed' | 'participants' | 'remote';

/** One person in the call (the user included, with `local: true`). Names are user content: text only. */
export interface CallParticipant {
  /** The participant's id in the room. */
  readonly id: string;
  /** The display name ('' when unknown). */
  readonly name: string;
  /** Whether this is the user. */
  readonly local: boolean;
  /** The participant's media for a `<video>` element, once it arrived. */
  readonly stream: MediaStream | undefined;
  /** Whether their microphone is muted (as far as this side knows). */
  readonly audioMuted: boolean;
  /** Whether their camera is off. */
  readonly videoMuted: boolean;
  /** Whether they are the one speaking now. */
  readonly speaking: boolean;
  /** Whether they share their screen (shown as the large tile). */
  readonly screenSharing: boolean;
}

/** A quality sample, reduced to what a badge shows. */
export interface CallQualitySample {
  /** Where media flows. */
  readonly mode: CallMediaMode;
  /** Round-trip time in ms, when known. */
  readonly rttMs?: number;
  /** Fraction of inbound packets lost, 0…1. */
  readonly loss: number;
  /** Inbound bitrate in kbit/s. */
  readonly inboundKbps: number;
  /** Outbound bitrate in kbit/s. */
  readonly outboundKbps: number;
  /** The selected candidate type (`host`, `srflx`, `prflx`, `relay`) in P2P. */
  readonly candidate?: string;
  /** The summary a badge shows. */
  readonly level: CallQualityLevel;
}

/** A badge's summary of call quality. */
export type CallQualityLevel = 'good' | 'fair' | 'poor';

/** What {@link CallHandle} emits. */
export interface CallHandleEvents {
  /** Anything the view shows changed (participants, mute, streams, phase): re-read the handle. */
  change: undefined;
  /** The call rings (outgoing: the ring went out; incoming calls come as {@link IncomingCallHandle}). */
  ringing: { direction: 'outgoing' | 'incoming' };
  /** Media flows. */
  connected: { mode: CallMediaMode };
  /** Media stopped and the call is trying to recover. */
  reconnecting: { mode: CallMediaMode; reason: string };
  /** The call moved to the media server. */
  fallback: { reason: CallFallbackReason; afterMs: number };
  /** The call ended (`hangup` when the user hung up). */
  ended: { code: string; reason: string };
  /** A quality sample. */
  quality: CallQualitySample;
  /** Something failed; permission and missing-device problems are told apart for the explanation. */
  error: CallProblem;
}

/**
 * The UI's view of one call: what the call view reads and the buttons it drives. Backed by the SDK's `Call`
 * ({@link callHandleFromSdkCall}) or by {@link MemoryCall} in tests and stories.
 */
export interface CallHandle {
  /** The call id. */
  readonly id: string;
  /** Where the call stands. */
  readonly phase: CallPhase;
  /** Where media flows (`p2p` until a fallback). */
  readonly mode: CallMediaMode;
  /** The user, with the local preview stream. */
  readonly local: CallParticipant;
  /** Everyone else in the call. */
  readonly participants: readonly CallParticipant[];
  /** The last quality sample, if any. */
  readonly quality: CallQualitySample | undefined;
  /** Why and when the call moved to the media server, once it did. */
  readonly fallback: { readonly reason: CallFallbackReason; readonly afterMs: number } | undefined;
  /** The last problem, until a retry or the next success clears it. */
  readonly problem: CallProblem | undefined;
  /** Mutes or unmutes the microphone. */
  setAudioMuted(muted: boolean): void;
  /** Turns the camera off or on. */
  setVideoMuted(muted: boolean): void;
  /** Lists microphones, cameras and speakers (`navigator.mediaDevices.enumerateDevices`). */
  devices(): Promise<MediaDeviceInfo[]>;
  /** Uses another microphone or camera. Failures come as an `error` event too. */
  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /** Switches to the next camera. */
  switchCamera(): Promise<void>;
  /** Shares the screen instead of the camera. */
  startScreenShare(): Promise<void>;
  /** Goes back to the camera. */
  stopScreenShare(): Promise<void>;
  /** Tries to open camera and microphone again (after a permission or device problem). */
  retryMedia(): Promise<void>;
  /** Leaves the call. */
  hangUp(): Promise<void>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof CallHandleEvents>(event: K, listener: (payload: CallHandleEvents[K]) => void): Off;
}

/** What {@link IncomingCallHandle} emits. */
export interface IncomingCallHandleEvents {
  /**
   * The ring ended before the user answered: the caller hung up (`caller-left`) or it rang unanswered for
   * too long (`expired`). The ringing card goes away.
   */
  cancelled: { reason: 'caller-left' | 'expired' };
}

/** A call another member started, not yet answered. */
export interface IncomingCallHandle {
  /** The call id. */
  readonly id: string;
  /** Who rings (display name; user content). */
  readonly from: string;
  /** What the caller sends. */
  readonly media: { readonly audio: boolean; readonly video: boolean };
  /** Answers, with or without the camera. */
  accept(options?: { video?: boolean }): Promise<CallHandle>;
  /** Why the ring ended before an answer, once it did (see the `cancelled` event). */
  readonly cancelled: IncomingCallHandleEvents['cancelled']['reason'] | undefined;
  /** Declines: tells the caller (in a 1:1 room their call ends as declined; a group keeps ringing). */
  decline(): void;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof IncomingCallHandleEvents>(
    event: K,
    listener: (payload: IncomingCallHandleEvents[K]) => void,
  ): Off;
}

/**
 * A quality level from a sample: `poor` past 10 % loss or 600 ms RTT, `fair` past 3 % or 250 ms.
 * @param loss - fraction of packets lost, 0…1.
 * @param rttMs - round-trip time, when known.
 * @returns the level.
 */
export function qualityLevel(loss: number, rttMs: number | undefined): CallQualityLevel {
  const rtt = rttMs ?? 0;
  if (loss > 0.1 || rtt > 600) return 'poor';
  if (loss > 0.03 || rtt > 250) return 'fair';
  return 'good';
}
