import { Emitter } from '../internal/emitter.js';
import type {
  CallFallbackReason,
  CallHandle,
  CallHandleEvents,
  CallMediaMode,
  CallParticipant,
  CallPhase,
  CallQualitySample,
  IncomingCallHandle,
  IncomingCallHandleEvents,
} from './call-handle.js';
import { qualityLevel } from './call-handle.js';
import { type CallProblem, callProblemFrom } from './call-problem.js';
import { fakeMediaStream } from './fake-media.js';

/** Options of a {@link MemoryCall}. */
export interface MemoryCallOptions {
  /** The call id. @default a counter */
  id?: string;
  /** The user's display name. @default 'You' */
  selfName?: string;
  /** Whether the camera starts on. @default true */
  video?: boolean;
  /**
   * A `DOMException` name opening media fails with (`NotAllowedError`, `NotFoundError`, …), until cleared
   * by setting {@link MemoryCall.mediaError} to `undefined`.
   */
  mediaError?: string;
  /** The same for starting a screen share. */
  screenError?: string;
  /** The devices `devices()` lists. @default two microphones and two cameras */
  devices?: MediaDeviceInfo[];
}

let counter = 0;

const device = (kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo =>
  ({ kind, deviceId, label, groupId: '', toJSON: () => ({}) }) as MediaDeviceInfo;

/** The devices a {@link MemoryCall} lists by default. */
export const MEMORY_DEVICES: readonly MediaDeviceInfo[] = [
  device('audioinput', 'mic-1', 'Built-in microphone'),
  device('audioinput', 'mic-2', 'Headset microphone'),
  device('videoinput', 'cam-1', 'Front camera'),
  device('videoinput', 'cam-2', 'Back camera'),
];

/**
 * A {@link CallHandle} with fake media (canvas video, oscillator audio) and no network, for tests and
 * stories. The methods after `open()` play the other side: people join, speak, share, leave; media connects,
 * falls back, reconnects.
 * @example
 * const call = new MemoryCall();
 * await call.open();
 * call.join('mina', 'Mina');
 * call.connect();
 */
export class MemoryCall extends Emitter<CallHandleEvents> implements CallHandle {
  readonly id: string;
  phase: CallPhase = 'ringing';
  mode: CallMediaMode = 'p2p';
  quality: CallQualitySample | undefined;
  problem: CallProblem | undefined;
  fallback: { reason: CallFallbackReason; afterMs: number } | undefined;
  /** The `DOMException` name opening media fails with, if any. */
  mediaError: string | undefined;
  /** The `DOMException` name starting a screen share fails with, if any. */
  screenError: string | undefined;
  /** The device chosen last per kind. */
  readonly selected: { audioinput?: string; videoinput?: string } = {};
  private localState: CallParticipant;
  private remote: CallParticipant[] = [];
  private camera: MediaStream | undefined;
  private screen: MediaStream | undefined;
  private readonly deviceList: MediaDeviceInfo[];
  private readonly wantVideo: boolean;

  /** @param options - id, name, camera, failures to simulate, devices. */
  constructor(options: MemoryCallOptions = {}) {
    super();
    this.id = options.id ?? `memory-call-${++counter}`;
    this.mediaError = options.mediaError;
    this.screenError = options.screenError;
    this.deviceList = [...(options.devices ?? MEMORY_DEVICES)];
    this.wantVideo = options.video !== false;
    this.localState = {
      id: 'self',
      name: options.selfName ?? 'You',
      local: true,
      stream: undefined,
      audioMuted: false,
      videoMuted: !this.wantVideo,
      speaking: false,
      screenSharing: false,
    };
  }

  get local(): CallParticipant {
    return this.localState;
  }

  get participants(): readonly CallParticipant[] {
    return this.remote;
  }

  /** Opens the fake media (or fails with {@link mediaError}) and rings. */
  async open(): Promise<void> {
    this.emit('ringing', { direction: 'outgoing' });
    await this.retryMedia();
  }

  async retryMedia(): Promise<void> {
    if (this.phase === 'ended') return;
    if (this.mediaError) {
      this.fail(new DOMException('media refused', this.mediaError));
      return;
    }
    this.problem = undefined;
    this.camera ??= fakeMediaStream({ label: this.localState.name, hue: 140, video: this.wantVideo });
    this.patchLocal({ stream: this.screen ?? this.camera });
  }

  setAudioMuted(muted: boolean): void {
    for (const t of this.camera?.getAudioTracks() ?? []) t.enabled = !muted;
    this.patchLocal({ audioMuted: muted });
  }

  setVideoMuted(muted: boolean): void {
    for (const t of this.camera?.getVideoTracks() ?? []) t.enabled = !muted;
    this.patchLocal({ videoMuted: muted });
  }

  async devices(): Promise<MediaDeviceInfo[]> {
    return [...this.deviceList];
  }

  async selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    if (!this.deviceList.some((d) => d.kind === kind && d.deviceId === deviceId)) {
      this.fail(new DOMException('no such device', 'NotFoundError'));
      return;
    }
    this.selected[kind] = deviceId;
    this.emit('change', undefined);
  }

  async switchCamera(): Promise<void> {
    const cams = this.deviceList.filter((d) => d.kind === 'videoinput');
    const at = cams.findIndex((d) => d.deviceId === this.selected.videoinput);
    const next = cams[(at + 1) % cams.length];
    if (next && cams.length > 1) await this.selectDevice('videoinput', next.deviceId);
  }

  async startScreenShare(): Promise<void> {
    if (this.screenError) {
      this.fail(new DOMException('screen refused', this.screenError), true);
      return;
    }
    this.screen ??= fakeMediaStream({ audio: false, label: 'screen', hue: 30 });
    this.patchLocal({ stream: this.screen, screenSharing: true });
  }

  async stopScreenShare(): Promise<void> {
    for (const t of this.screen?.getTracks() ?? []) t.stop();
    this.screen = undefined;
    this.patchLocal({ stream: this.camera, screenSharing: false });
  }

  async hangUp(): Promise<void> {
    this.end('hangup', 'left the call');
  }

  // ---- the other side (tests and stories) ----

  /** Media flows. */
  connect(mode: CallMediaMode = this.mode): void {
    this.mode = mode;
    this.setPhase('connected');
    this.emit('connected', { mode });
  }

  /** Media stopped; the call tries to recover. */
  reconnect(reason = 'network'): void {
    this.setPhase('reconnecting');
    this.emit('reconnecting', { mode: this.mode, reason });
  }

  /** The call moves to the media server. */
  moveToSfu(reason: CallFallbackReason = 'timeout', afterMs = 8000): void {
    this.mode = 'sfu';
    this.fallback = { reason, afterMs };
    this.setPhase('connecting');
    this.emit('fallback', { reason, afterMs });
  }

  /**
   * Someone joins with fake media.
   * @param id - their id.
   * @param name - their display name.
   */
  join(id: string, name: string, options: { video?: boolean } = {}): void {
    const hue = (this.remote.length * 97 + 200) % 360;
    const stream = fakeMediaStream({ label: name, hue, video: options.video !== false });
    this.remote = [
      ...this.remote.filter((p) => p.id !== id),
      {
        id,
        name,
        local: false,
        stream,
        audioMuted: false,
        videoMuted: options.video === false,
        speaking: false,
        screenSharing: false,
      },
    ];
    if (this.phase === 'ringing') this.setPhase('connecting');
    else this.emit('change', undefined);
  }

  /** Changes what is known about a participant (mute, speaking, screen share). */
  update(id: string, patch: Partial<Omit<CallParticipant, 'id' | 'local'>>): void {
    this.remote = this.remote.map((p) => (p.id === id ? { ...p, ...patch } : p));
    this.emit('change', undefined);
  }

  /** Someone leaves; the call ends when nobody is left. */
  leave(id: string): void {
    for (const t of this.remote.find((p) => p.id === id)?.stream?.getTracks() ?? []) t.stop();
    this.remote = this.remote.filter((p) => p.id !== id);
    if (this.remote.length === 0) this.end('remote-hangup', 'everyone left');
    else this.emit('change', undefined);
  }

  /** A quality sample arrives. */
  sample(sample: { loss?: number; rttMs?: number; candidate?: string } = {}): void {
    const loss = sample.loss ?? 0;
    this.quality = {
      mode: this.mode,
      loss,
      ...(sample.rttMs === undefined ? {} : { rttMs: sample.rttMs }),
      ...(sample.candidate === undefined ? {} : { candidate: sample.candidate }),
      inboundKbps: 900,
      outboundKbps: 850,
      level: qualityLevel(loss, sample.rttMs),
    };
    this.emit('quality', this.quality);
    this.emit('change', undefined);
  }

  /** Ends the call from the other side or the network. */
  end(code: string, reason: string): void {
    if (this.phase === 'ended') return;
    for (const s of [this.camera, this.screen, ...this.remote.map((p) => p.stream)])
      for (const t of s?.getTracks() ?? []) t.stop();
    this.camera = undefined;
    this.screen = undefined;
    this.setPhase('ended');
    this.emit('ended', { code, reason });
  }

  private fail(error: unknown, screen = false): void {
    this.problem = callProblemFrom(error, screen);
    this.emit('error', this.problem);
    this.emit('change', undefined);
  }

  private setPhase(phase: CallPhase): void {
    this.phase = phase;
    this.emit('change', undefined);
  }

  private patchLocal(patch: Partial<CallParticipant>): void {
    this.localState = { ...this.localState, ...patch };
    this.emit('change', undefined);
  }
}

/**
 * An incoming call for tests and stories: `accept()` resolves to a {@link MemoryCall} already joined by the
 * caller; `decline()` records the answer.
 */
export class MemoryIncomingCall extends Emitter<IncomingCallHandleEvents> implements IncomingCallHandle {
  /** What the user answered, if anything. */
  answer: 'accepted' | 'declined' | undefined;
  /** Why the ring ended before an answer, once {@link cancel} played it. */
  cancelled: IncomingCallHandleEvents['cancelled']['reason'] | undefined;
  /** The call `accept()` returned. */
  call: MemoryCall | undefined;

  /**
   * @param from - who rings.
   * @param media - what they send.
   * @param options - options of the call `accept()` creates.
   */
  constructor(
    readonly from: string,
    readonly media = { audio: true, video: true },
    private readonly options: MemoryCallOptions = {},
    readonly id = `memory-ring-${++counter}`,
  ) {
    super();
  }

  async accept(options: { video?: boolean } = {}): Promise<MemoryCall> {
    this.answer = 'accepted';
    const call = new MemoryCall({ ...this.options, id: this.id, video: options.video ?? this.media.video });
    await call.retryMedia();
    call.join('caller', this.from, { video: this.media.video });
    call.connect();
    this.call = call;
    return call;
  }

  decline(): void {
    this.answer = 'declined';
  }

  /**
   * Plays the ring ending before an answer: the caller hung up, or it expired.
   * @param reason - why. @default 'caller-left'
   */
  cancel(reason: IncomingCallHandleEvents['cancelled']['reason'] = 'caller-left'): void {
    if (this.answer || this.cancelled) return;
    this.cancelled = reason;
    this.emit('cancelled', { reason });
  }
}
