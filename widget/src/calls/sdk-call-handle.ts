import type { Call, CallEvents, CallOptions, CallState, IncomingCall } from '@cryptalk/sdk/calls';
import { Emitter, type Off } from '../internal/emitter.js';
import {
  type CallFallbackReason,
  type CallHandle,
  type CallHandleEvents,
  type CallMediaMode,
  type CallParticipant,
  type CallPhase,
  type CallQualitySample,
  type IncomingCallHandle,
  qualityLevel,
} from './call-handle.js';
import { type CallProblem, callProblemFrom } from './call-problem.js';
import { SpeakingDetector } from './speaking-detector.js';

/** Options of {@link callHandleFromSdkCall}. */
export interface SdkCallHandleOptions {
  /** A participant's display name from their id. @default the id */
  nameOf?: (id: string) => string;
  /** The user's display name. @default 'You' */
  selfName?: string;
  /**
   * Starts the same call again after opening media failed (a refused permission ends an SDK call): the
   * handle moves onto the new call, so the view keeps it. Without it, `retryMedia()` after such a failure
   * only reports the problem again.
   */
  restart?: () => Call;
}

const phaseOf = (state: CallState): CallPhase =>
  state.kind === 'idle' ? 'ringing' : state.kind === 'ringing' ? 'ringing' : state.kind;

const NO_STREAM_KEY = '';
/** The detector's key of the user's own microphone. */
const SELF = '\u0000self';

/** The UI's view of an SDK `Call`. */
class SdkCallHandle extends Emitter<CallHandleEvents> implements CallHandle {
  mode: CallMediaMode = 'p2p';
  quality: CallQualitySample | undefined;
  problem: CallProblem | undefined;
  fallback: { reason: CallFallbackReason; afterMs: number } | undefined;
  private streams = new Map<string, MediaStream>();
  /** What each participant told of its media (encrypted `media` signals), by id. */
  private remoteMedia = new Map<
    string,
    { audioMuted: boolean; videoMuted: boolean; screenSharing: boolean }
  >();
  private ids: string[] = [];
  private screenSharing = false;
  private watchedLocal: MediaStream | undefined;
  private offs: Off[] = [];
  private readonly detector = new SpeakingDetector(() => this.emit('change', undefined));

  constructor(
    private call: Call,
    private readonly options: SdkCallHandleOptions,
  ) {
    super();
    this.bind(call);
  }

  get id(): string {
    return this.call.id;
  }

  get phase(): CallPhase {
    return phaseOf(this.call.state);
  }

  get local(): CallParticipant {
    const stream = this.call.localStream;
    return {
      id: 'self',
      name: this.options.selfName ?? 'You',
      local: true,
      stream,
      audioMuted: this.call.isMuted('audio'),
      videoMuted: !stream?.getVideoTracks().length || this.call.isMuted('video'),
      speaking: this.detector.speaker === SELF,
      screenSharing: this.screenSharing,
    };
  }

  get participants(): readonly CallParticipant[] {
    const ids = [...this.ids];
    if (this.streams.has(NO_STREAM_KEY)) ids.push(NO_STREAM_KEY);
    return ids.map((id) => {
      const stream = this.streams.get(id);
      const told = this.remoteMedia.get(id);
      const noVideo = !stream?.getVideoTracks().some((t) => t.readyState === 'live');
      return {
        id,
        name: id ? (this.options.nameOf?.(id) ?? id) : '',
        local: false,
        stream,
        audioMuted: told?.audioMuted ?? false,
        videoMuted: noVideo || (told?.videoMuted ?? false),
        speaking: this.detector.speaker === id,
        screenSharing: told?.screenSharing ?? false,
      };
    });
  }

  setAudioMuted(muted: boolean): void {
    this.guard(() => this.call.setMuted('audio', muted));
  }

  setVideoMuted(muted: boolean): void {
    this.guard(() => this.call.setMuted('video', muted));
  }

  devices(): Promise<MediaDeviceInfo[]> {
    return this.call.devices();
  }

  selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.guardAsync(() => this.call.selectDevice(kind, deviceId));
  }

  switchCamera(): Promise<void> {
    return this.guardAsync(() => this.call.switchCamera());
  }

  async startScreenShare(): Promise<void> {
    await this.guardAsync(async () => {
      await this.call.startScreenShare();
      this.screenSharing = true;
    }, true);
  }

  async stopScreenShare(): Promise<void> {
    await this.guardAsync(() => this.call.stopScreenShare());
    this.screenSharing = false;
    this.emit('change', undefined);
  }

  async retryMedia(): Promise<void> {
    if (this.call.state.kind === 'ended' && this.options.restart) {
      for (const off of this.offs) off();
      this.streams = new Map();
      this.remoteMedia = new Map();
      this.ids = [];
      this.problem = undefined;
      this.call = this.options.restart();
      this.bind(this.call);
      this.emit('change', undefined);
      return;
    }
    if (this.problem) this.emit('error', this.problem);
  }

  hangUp(): Promise<void> {
    return this.call.leave();
  }

  private bind(call: Call): void {
    // An answered call already knows the caller (`IncomingCall.join` adds it before this handle exists).
    this.ids = [...(call.participants ?? [])];
    const on = <K extends keyof CallEvents>(event: K, fn: (payload: CallEvents[K]) => void) =>
      this.offs.push(call.on(event, fn));
    on('state', (s) => {
      if ('mode' in s) this.mode = s.mode;
      if (s.kind === 'connected') this.problem = undefined;
      const local = call.localStream;
      if (local && this.watchedLocal !== local) {
        this.watchedLocal = local;
        this.detector.watch(SELF, local);
      }
      if (s.kind === 'ended') this.detector.close();
      this.emit('change', undefined);
    });
    on('ringing', (p) => this.emit('ringing', p));
    on('connected', (p) => this.emit('connected', p));
    on('reconnecting', (p) => this.emit('reconnecting', p));
    on('fallback', (p) => {
      this.fallback = p;
      this.emit('fallback', p);
    });
    on('ended', (p) => this.emit('ended', p));
    on('participants', ({ ids }) => {
      this.ids = ids;
      for (const id of this.streams.keys())
        if (id !== NO_STREAM_KEY && !ids.includes(id)) this.streams.delete(id);
      for (const id of this.remoteMedia.keys()) if (!ids.includes(id)) this.remoteMedia.delete(id);
      this.emit('change', undefined);
    });
    on('remote-media', ({ participant, audioMuted, videoMuted, screenSharing }) => {
      this.remoteMedia.set(participant, { audioMuted, videoMuted, screenSharing });
      this.emit('change', undefined);
    });
    on('track', ({ participant, stream }) => {
      this.streams.set(participant ?? NO_STREAM_KEY, stream);
      if (participant !== undefined) this.detector.watch(participant, stream);
      if (participant !== undefined) this.streams.delete(NO_STREAM_KEY);
      this.emit('change', undefined);
    });
    on('quality', (q) => {
      this.quality = {
        mode: q.mode,
        loss: q.loss,
        ...(q.rttMs === undefined ? {} : { rttMs: q.rttMs }),
        ...(q.localCandidateType === undefined ? {} : { candidate: q.localCandidateType }),
        inboundKbps: q.inboundKbps,
        outboundKbps: q.outboundKbps,
        level: qualityLevel(q.loss, q.rttMs),
      };
      this.emit('quality', this.quality);
      this.emit('change', undefined);
    });
    on('error', (err) => {
      if (err.code === 'CALL_MEDIA_FAILED') this.report(callProblemFrom(err));
    });
  }

  private report(problem: CallProblem): void {
    this.problem = problem;
    this.emit('error', problem);
    this.emit('change', undefined);
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(callProblemFrom(err));
    }
    this.emit('change', undefined);
  }

  private async guardAsync(fn: () => Promise<void>, screen = false): Promise<void> {
    try {
      await fn();
      this.problem = undefined;
    } catch (err) {
      this.report(callProblemFrom(err, screen));
    }
    this.emit('change', undefined);
  }
}

/**
 * Wraps an SDK `Call` (from `CallManager.call` or `IncomingCall.join`) as the {@link CallHandle} the call view
 * shows: maps its state, events, tracks and quality samples, and classifies media errors (a refused
 * permission, a missing device) for their explanation.
 * @param call - the SDK call.
 * @param options - names, and how to start again after a media failure.
 * @returns the handle.
 * @example
 * const handle = callHandleFromSdkCall(manager.call({ audio: true, video: true }), { nameOf });
 * view.call = handle;
 */
export function callHandleFromSdkCall(call: Call, options: SdkCallHandleOptions = {}): CallHandle {
  return new SdkCallHandle(call, options);
}

/**
 * Wraps an SDK `IncomingCall` as the {@link IncomingCallHandle} `<cryptalk-incoming-call>` shows.
 * @param incoming - the ring from `CallManager`'s `ringing` event.
 * @param options - names (the caller's too) and call options.
 * @returns the handle: declining sends the caller the SDK's encrypted `decline`; the caller hanging up
 *   first (or the ring expiring) comes as its `cancelled` event.
 */
export function incomingCallFromSdk(
  incoming: IncomingCall,
  options: SdkCallHandleOptions & { callOptions?: CallOptions } = {},
): IncomingCallHandle {
  return {
    id: incoming.id,
    from: options.nameOf?.(incoming.from) ?? incoming.from,
    media: incoming.media,
    accept: async ({ video } = {}) => {
      const callOptions = { ...options.callOptions, video: video ?? incoming.media.video };
      return callHandleFromSdkCall(incoming.join(callOptions), {
        ...options,
        restart: () => incoming.join(callOptions),
      });
    },
    get cancelled() {
      return incoming.cancelled;
    },
    decline: () => incoming.decline(),
    on: (event, listener) => incoming.on(event, listener),
  };
}
