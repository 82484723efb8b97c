import { TypedEmitter } from '../emitter.js';
import { fromBase64url, randomId, toBase64url } from '../protocol/index.js';
import {
  type CallEndCode,
  type CallInput,
  type CallMode,
  type CallState,
  INITIAL_CALL_STATE,
  isLive,
  MAX_ICE_RESTARTS,
  nextCallState,
} from './call-state.js';
import { CallError } from './errors.js';
import type { CallEvents } from './events.js';
import {
  CALL_SECRET_BYTES,
  MAX_EARLY_SIGNALS,
  MIN_P2P_CONNECT_TIMEOUT_MS,
  P2P_CONNECT_TIMEOUT_MS,
  SFU_PARTICIPANT_THRESHOLD,
  STATS_INTERVAL_MS,
} from './limits.js';
import { PeerLink, type PeerLinkSignal } from './p2p/peer-link.js';
import { type QualityCounters, readQuality } from './p2p/read-quality.js';
import type { SfuSession } from './sfu/sfu-session.js';
import { type CallSignal, encodeCallSignal } from './signal.js';
import type { CallEnvironment, CallOptions, IceServerCredentials } from './types.js';
import { probeColourVideo } from './video-probe.js';

type FallbackReason = CallEvents['fallback']['reason'];
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A signal before the call fills in `call` and `sentAt`. */
type OutgoingSignal = DistributiveOmit<CallSignal, 'call' | 'sentAt'>;

/**
 * One call in a room: P2P between two participants with perfect negotiation, moving to the LiveKit SFU
 * when ICE has not connected in time (after one ICE restart) or when a third participant joins. Obtained
 * from {@link CallManager.call} (outgoing) or {@link IncomingCall.join}.
 */
export class Call extends TypedEmitter<CallEvents> {
  private current: CallState = INITIAL_CALL_STATE;
  private readonly members = new Set<string>();
  private readonly sfuIdentities = new Map<string, string>();
  private peer: { id: string; link: PeerLink } | undefined;
  private sfu: SfuSession | undefined;
  private sfuReady: Promise<void> | undefined;
  private turn: Promise<IceServerCredentials> | undefined;
  private local: MediaStream | undefined;
  private media: Promise<MediaStream> | undefined;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private counters: QualityCounters | undefined;
  private keyEpoch = 0;
  private readonly startedAt = Date.now();
  private p2pStartedAt = 0;
  private cameraTrack: MediaStreamTrack | undefined;
  private readonly p2pTimeoutMs: number;
  /** Peer signals that arrived before the P2P link existed, replayed in order once it does. */
  private early: Array<{ from: string; signal: CallSignal }> = [];
  /** The per-call media secret (rooms without a group secret): drawn by the caller, carried in the ring. */
  private callSecret: Uint8Array | undefined;
  /** Whether this side is sharing its screen (told to the others in `media` signals). */
  private screenSharing = false;
  /** Members who declined the ring. */
  private readonly declinedBy = new Set<string>();

  /**
   * @param env - signalling, credentials, group secret, E2EE worker.
   * @param options - media and timing.
   * @param id - the call id (random for outgoing calls).
   * @param onEnded - called once when the call ends (the manager forgets it).
   */
  constructor(
    private readonly env: CallEnvironment,
    private readonly options: CallOptions,
    readonly id: string = randomId(),
    private readonly onEnded: () => void = () => {},
  ) {
    super();
    this.p2pTimeoutMs = options.p2pTimeoutMs ?? P2P_CONNECT_TIMEOUT_MS;
    if (!Number.isFinite(this.p2pTimeoutMs) || this.p2pTimeoutMs < MIN_P2P_CONNECT_TIMEOUT_MS) {
      throw new RangeError(`p2pTimeoutMs must be at least ${MIN_P2P_CONNECT_TIMEOUT_MS}`);
    }
  }

  /** The current state. */
  get state(): CallState {
    return this.current;
  }

  /** The local media (camera/microphone or screen), once opened. */
  get localStream(): MediaStream | undefined {
    return this.local;
  }

  /** Ids of the other participants in the call. */
  get participants(): string[] {
    return [...this.members];
  }

  /** The P2P connection while the call is P2P (for stats and diagnostics). */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.peer?.link.pc;
  }

  /** @internal Starts an outgoing call: rings every member of the room. */
  dial(): void {
    this.transition({ type: 'dial' });
    this.emit('ringing', { direction: 'outgoing' });
    this.prepare();
    const audio = this.options.audio !== false;
    const video = this.options.video !== false;
    if (this.env.perCallSecret) {
      // The platform CSPRNG (WebCrypto), as `randomId` uses: no hashing code in the page's calls chunk.
      this.callSecret = globalThis.crypto.getRandomValues(new Uint8Array(CALL_SECRET_BYTES));
      this.send({ k: 'ring', media: { audio, video }, mk: toBase64url(this.callSecret) });
    } else this.send({ k: 'ring', media: { audio, video } });
  }

  /**
   * @internal Joins a call another member started.
   * @param caller - who rang, when this member saw the ring and nobody else joining yet: P2P with the caller
   *   starts at once, saving the join/present round trip (if someone else joined meanwhile, their
   *   `present` answers move everyone to the SFU).
   * @param secret - the per-call media secret from the ring (base64url), in rooms without a group secret.
   */
  accept(caller?: string, secret?: string): void {
    if (secret !== undefined) this.callSecret = fromBase64url(secret, 'mk');
    this.transition({ type: 'incoming' });
    this.prepare();
    this.joinSignal();
    if (caller !== undefined) {
      this.addMember(caller, undefined);
      this.startP2p(caller);
    }
  }

  /** @internal Handles a decoded signal of this call from `from`. */
  handleSignal(from: string, signal: CallSignal): void {
    if (!isLive(this.current)) return;
    switch (signal.k) {
      case 'ring':
        return;
      case 'join':
        this.addMember(from, signal.lk);
        this.decide(from);
        this.send({ k: 'present', mode: this.decidedMode() ?? 'p2p', ...this.lkField() });
        return;
      case 'present':
        this.addMember(from, signal.lk);
        if (signal.mode === 'sfu') this.toSfu(this.inP2p() ? 'remote' : 'participants');
        else this.decide(from);
        return;
      case 'sfu':
        this.toSfu('remote');
        return;
      case 'leave':
        this.removeMember(from);
        return;
      case 'decline':
        void this.onDecline(from);
        return;
      case 'media':
        if (!this.members.has(from)) return;
        this.emit('remote-media', {
          participant: from,
          audioMuted: signal.audioMuted,
          videoMuted: signal.videoMuted,
          screenSharing: signal.screenSharing,
        });
        return;
      case 'description':
      case 'candidate': {
        if (signal.to !== this.env.signals.selfId || this.decidedMode() === 'sfu') return;
        if (!this.peer && this.members.has(from) && this.members.size === 1) this.startP2p(from);
        if (!this.peer) {
          // The link is being created (waiting for media or TURN credentials): keep the signal for it.
          if (this.inP2p() && this.early.length < MAX_EARLY_SIGNALS) this.early.push({ from, signal });
          return;
        }
        this.applyPeerSignal(from, signal);
        return;
      }
    }
  }

  /**
   * A member declined the ring: told as `declined`; once every other member declined (as far as
   * `env.otherMembers` knows; 1:1 rooms have one), the call ends with `declined`.
   */
  private async onDecline(from: string): Promise<void> {
    const ringing = () => this.current.kind === 'ringing' && this.members.size === 0;
    if (!ringing() || this.declinedBy.has(from)) return;
    this.declinedBy.add(from);
    this.emit('declined', { participant: from });
    let others: number | undefined;
    try {
      others = (await this.env.otherMembers?.()) ?? (this.env.perCallSecret ? 1 : undefined);
    } catch {
      others = undefined;
    }
    if (others !== undefined && this.declinedBy.size >= others && ringing()) {
      await this.end(
        'declined',
        others === 1 ? 'the other member declined the call' : 'every member declined the call',
      );
    }
  }

  /** Leaves the call (hangs up). Others continue if two or more remain. */
  async leave(): Promise<void> {
    if (!isLive(this.current)) return;
    this.send({ k: 'leave' });
    await this.end('hangup', 'left the call');
  }

  /**
   * Mutes or unmutes the outgoing audio or video (the track keeps running; the peer gets silence/black).
   * @throws CallError `CALL_NOT_ACTIVE` after the call ended.
   */
  setMuted(kind: 'audio' | 'video', muted: boolean): void {
    this.assertLive();
    for (const t of this.local?.getTracks() ?? []) if (t.kind === kind) t.enabled = !muted;
    this.sendMediaState();
  }

  /** Whether the outgoing audio or video is muted. */
  isMuted(kind: 'audio' | 'video'): boolean {
    const tracks = this.local?.getTracks().filter((t) => t.kind === kind) ?? [];
    return tracks.length > 0 && tracks.every((t) => !t.enabled);
  }

  /** Lists the microphones, cameras and speakers the browser exposes. */
  async devices(): Promise<MediaDeviceInfo[]> {
    return this.mediaDevices().enumerateDevices();
  }

  /**
   * Switches the microphone or camera to a given device, without renegotiating. A camera is used only if it
   * delivers colour video (see `probeColourVideo`; a depth camera does not).
   * @throws CallError `CALL_MEDIA_FAILED` when the device cannot be opened; `CALL_NO_USABLE_CAMERA` when the
   *   camera gives no colour video (the current one stays).
   */
  async selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.assertLive();
    const track = await this.openDevice(kind, deviceId);
    if (kind === 'videoinput' && (await probeColourVideo(track)) === 'unusable') {
      track.stop();
      throw CallError.noUsableCamera(1);
    }
    await this.use(kind, track);
  }

  /**
   * Switches to the next camera that delivers colour video (front/back on phones), skipping cameras that
   * cannot (depth or infrared cameras, or ones that give no frame); does nothing with one camera.
   * @throws CallError `CALL_NO_USABLE_CAMERA` when no other camera delivers colour video (the current one
   *   stays); `CALL_MEDIA_FAILED` when none could even be opened.
   */
  async switchCamera(): Promise<void> {
    this.assertLive();
    const cams = (await this.devices()).filter((d) => d.kind === 'videoinput');
    if (cams.length < 2) return;
    const currentId = this.cameraTrack?.getSettings().deviceId;
    const at = cams.findIndex((d) => d.deviceId === currentId);
    const others = [...cams.slice(at + 1), ...cams.slice(0, Math.max(at, 0))].filter(
      (d) => d.deviceId !== currentId,
    );
    let lastError: unknown;
    let opened = 0;
    for (const cam of others) {
      let track: MediaStreamTrack;
      try {
        track = await this.openDevice('videoinput', cam.deviceId);
      } catch (err) {
        lastError = err;
        continue;
      }
      opened += 1;
      if ((await probeColourVideo(track)) === 'unusable') {
        track.stop();
        continue;
      }
      await this.use('videoinput', track);
      return;
    }
    if (opened === 0 && lastError) throw lastError;
    throw CallError.noUsableCamera(others.length);
  }

  /** Opens one device's track. */
  private async openDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<MediaStreamTrack> {
    const trackKind = kind === 'audioinput' ? 'audio' : 'video';
    let stream: MediaStream;
    try {
      stream = await this.mediaDevices().getUserMedia({ [trackKind]: { deviceId: { exact: deviceId } } });
    } catch (err) {
      throw CallError.media(err);
    }
    const track = stream.getTracks()[0];
    if (!track) throw CallError.media(new Error('no track'));
    return track;
  }

  /** Sends a newly opened device's track in place of the current one. */
  private async use(kind: 'audioinput' | 'videoinput', track: MediaStreamTrack): Promise<void> {
    if (!isLive(this.current)) {
      track.stop();
      throw CallError.notActive();
    }
    const trackKind = kind === 'audioinput' ? 'audio' : 'video';
    await this.useTrack(trackKind, track);
    if (trackKind === 'video') this.cameraTrack = track;
  }

  /**
   * Shares the screen in place of the camera until {@link stopScreenShare} or the user stops it.
   * @throws CallError `CALL_MEDIA_FAILED` when capture is refused.
   */
  async startScreenShare(): Promise<void> {
    this.assertLive();
    let stream: MediaStream;
    try {
      stream = await this.mediaDevices().getDisplayMedia({ video: true, audio: false });
    } catch (err) {
      throw CallError.media(err);
    }
    const track = stream.getVideoTracks()[0];
    if (!track) throw CallError.media(new Error('no screen track'));
    track.addEventListener('ended', () => void this.stopScreenShare());
    await this.useTrack('video', track, false);
    this.screenSharing = true;
    this.sendMediaState();
  }

  /** Goes back from the screen to the camera. */
  async stopScreenShare(): Promise<void> {
    if (!isLive(this.current) || !this.cameraTrack) return;
    const current = this.local?.getVideoTracks()[0];
    if (current === this.cameraTrack) return;
    await this.useTrack('video', this.cameraTrack, false);
    current?.stop();
    this.screenSharing = false;
    this.sendMediaState();
  }

  /** Tells the others this side's mute, camera and screen-share state (an encrypted `media` signal). */
  private sendMediaState(): void {
    if (!isLive(this.current)) return;
    this.send({
      k: 'media',
      audioMuted: this.isMuted('audio'),
      videoMuted: this.isMuted('video'),
      screenSharing: this.screenSharing,
    });
  }

  // ---- internals ----

  private applyPeerSignal(from: string, signal: CallSignal): void {
    const link = this.peer?.id === from ? this.peer.link : undefined;
    if (!link) return;
    if (signal.k === 'description') void link.handleDescription(signal.sdp);
    else if (signal.k === 'candidate') void link.handleCandidate(signal.candidate);
  }

  private mediaDevices(): MediaDevices {
    const md = this.env.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!md) throw CallError.unsupported('navigator.mediaDevices');
    return md;
  }

  private assertLive(): void {
    if (!isLive(this.current)) throw CallError.notActive();
  }

  private transition(input: CallInput): boolean {
    const next = nextCallState(this.current, input);
    if (next === this.current) return false;
    this.current = next;
    this.emit('state', next);
    return true;
  }

  private send(signal: OutgoingSignal): void {
    this.env.signals.send(encodeCallSignal({ ...signal, call: this.id, sentAt: Date.now() } as CallSignal));
  }

  private lkField(): { lk?: string } {
    const lk = this.sfu?.identity;
    return lk ? { lk } : {};
  }

  /**
   * Opens local media and starts fetching TURN credentials and, where the call may well end up on the SFU,
   * loading and pre-warming it, in parallel.
   */
  private prepare(): void {
    this.media = this.openMedia();
    this.media.catch(() => {});
    this.turn = this.env.credentials.turn().catch((err) => {
      throw CallError.credentials('turn', err);
    });
    this.turn.catch(() => {});
    // A 1:1 room's call stays peer to peer unless that fails: its SFU code (livekit-client and the E2EE
    // Worker, about 170 KB gzip in the widget) loads only on a fallback, unless `prewarmSfu: true`.
    if (this.options.prewarmSfu ?? !this.env.perCallSecret) void this.loadSfu(true);
  }

  /**
   * Loads the SFU session (livekit-client loads only here: rooms that never call never load it) and installs
   * the media key; once, however often it is asked for.
   * @param prewarm - also fetch the token and prepare the connection (unless `prewarmSfu: false`).
   */
  private loadSfu(prewarm: boolean): Promise<void> {
    this.sfuReady ??= (async () => {
      const { SfuSession } = await import('./sfu/sfu-session.js');
      if (!isLive(this.current)) return;
      this.sfu = this.createSfu(SfuSession);
      await this.installKey();
      if (prewarm && this.options.prewarmSfu !== false) await this.sfu.prewarm();
    })();
    this.sfuReady.catch(() => {});
    return this.sfuReady;
  }

  private createSfu(Session: typeof SfuSession): SfuSession {
    return new Session(this.env.credentials, this.env.e2eeWorker(), {
      track: (identity, track, stream) =>
        this.emit('track', { participant: this.sfuIdentities.get(identity), track, stream }),
      participantLeft: () => {},
      decryptionError: (identity, error) =>
        this.emit('decryption-error', {
          participant: identity === undefined ? undefined : this.sfuIdentities.get(identity),
          error,
        }),
      reconnecting: (on) => {
        if (on && this.transition({ type: 'media-down' })) {
          this.emit('reconnecting', { mode: 'sfu', reason: 'sfu reconnecting' });
        } else if (!on && this.transition({ type: 'media-up' })) this.emit('connected', { mode: 'sfu' });
      },
      disconnected: (reason) => void this.end('sfu-failed', reason),
    });
  }

  private async openMedia(): Promise<MediaStream> {
    const audio = this.options.audio ?? true;
    const video = this.options.video ?? true;
    try {
      const stream =
        audio || video ? await this.mediaDevices().getUserMedia({ audio, video }) : new MediaStream();
      if (!isLive(this.current)) {
        for (const t of stream.getTracks()) t.stop();
        return stream;
      }
      this.local = stream;
      this.cameraTrack = stream.getVideoTracks()[0];
      return stream;
    } catch (err) {
      const error = CallError.media(err);
      this.emit('error', error);
      void this.end('media-failed', error.message);
      throw error;
    }
  }

  private joinSignal(): void {
    // The SFU identity (lk) goes out again with `present` once this side is in the SFU.
    this.send({ k: 'join', ...this.lkField() });
  }

  private addMember(id: string, lk: string | undefined): void {
    if (id === this.env.signals.selfId) return;
    const isNew = !this.members.has(id);
    this.members.add(id);
    if (lk) this.sfuIdentities.set(lk, id);
    if (isNew) this.emit('participants', { ids: [...this.members] });
  }

  private removeMember(id: string): void {
    if (!this.members.delete(id)) return;
    this.emit('participants', { ids: [...this.members] });
    if (this.peer?.id === id || this.members.size === 0) {
      void this.end('remote-hangup', 'the other participant left');
      return;
    }
    if (this.decidedMode() === 'sfu') void this.rotateKey();
  }

  private decidedMode(): CallMode | undefined {
    const s = this.current;
    return s.kind === 'connecting' || s.kind === 'connected' || s.kind === 'reconnecting'
      ? s.mode
      : undefined;
  }

  private inP2p(): boolean {
    return this.decidedMode() === 'p2p';
  }

  /** Chooses P2P or the SFU from the number of participants. */
  private decide(peerId: string): void {
    if (this.members.size + 1 >= SFU_PARTICIPANT_THRESHOLD) {
      this.toSfu('participants');
      return;
    }
    if (this.decidedMode() === undefined && !this.peer) this.startP2p(peerId);
  }

  private startP2p(peerId: string): void {
    if (!this.transition({ type: 'start', mode: 'p2p' })) return;
    this.p2pStartedAt = Date.now();
    const polite = this.env.signals.selfId < peerId;
    const half = Math.floor(this.p2pTimeoutMs / 2);
    this.after(half, () => this.iceTimeout('restart'));
    this.after(this.p2pTimeoutMs, () => this.iceTimeout('fallback'));
    void (async () => {
      let iceServers: RTCIceServer[] = [];
      try {
        iceServers = (await this.turn)?.iceServers ?? [];
      } catch (err) {
        this.emit('error', CallError.recognise(err) ?? CallError.credentials('turn', err));
      }
      let stream: MediaStream;
      try {
        stream = await (this.media as Promise<MediaStream>);
      } catch {
        return;
      }
      if (!this.inP2p() || this.peer) return;
      let link: PeerLink;
      try {
        link = new PeerLink(
          polite,
          {
            iceServers,
            iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
            bundlePolicy: 'max-bundle',
          },
          {
            signal: (s: PeerLinkSignal) => this.send({ ...s, to: peerId }),
            iceState: (state) => void this.onIceState(state),
            track: (track, remote) => this.emit('track', { participant: peerId, track, stream: remote }),
            error: (error) => this.emit('error', error),
          },
        );
      } catch (err) {
        // No WebRTC here, or the peer connection refused its configuration (a malformed ICE server from the
        // relay): told as a typed error, and the SFU may still carry the call.
        this.emit(
          'error',
          typeof RTCPeerConnection === 'undefined'
            ? CallError.unsupported('RTCPeerConnection')
            : (CallError.recognise(err) ?? CallError.negotiation(err)),
        );
        this.toSfu('ice-failed');
        return;
      }
      this.peer = { id: peerId, link };
      link.addTracks(stream.getTracks(), stream);
      const early = this.early;
      this.early = [];
      for (const e of early) this.applyPeerSignal(e.from, e.signal);
      this.startStats();
    })().catch((err) => this.emit('error', CallError.recognise(err) ?? CallError.negotiation(err)));
  }

  private async onIceState(state: RTCIceConnectionState): Promise<void> {
    const link = this.peer?.link;
    if (!link || !this.inP2p()) return;
    if (state === 'connected' || state === 'completed') {
      if (!(await link.verifyFingerprint())) {
        this.emit('error', CallError.fingerprintMismatch());
        await this.end('fingerprint-mismatch', 'peer certificate does not match its signalled fingerprint');
        return;
      }
      if (this.transition({ type: 'media-up' })) {
        this.emit('connected', { mode: 'p2p' });
        this.sendMediaState();
      }
    } else if (state === 'disconnected') {
      if (this.transition({ type: 'media-down' }))
        this.emit('reconnecting', { mode: 'p2p', reason: 'ice disconnected' });
    } else if (state === 'failed') {
      const s = this.current;
      if (s.kind === 'connecting' && s.mode === 'p2p' && s.iceRestarts < MAX_ICE_RESTARTS)
        this.iceTimeout('restart');
      else this.toSfu('ice-failed');
    }
  }

  private iceTimeout(step: 'restart' | 'fallback'): void {
    const s = this.current;
    if (s.kind !== 'connecting' || s.mode !== 'p2p') return;
    if (step === 'restart') {
      if (this.transition({ type: 'ice-restart' })) {
        this.emit('reconnecting', { mode: 'p2p', reason: 'ice restart' });
        this.peer?.link.restartIce();
      }
    } else {
      this.toSfu('timeout');
    }
  }

  /** Moves the call to the SFU (or starts it there). Idempotent. */
  private toSfu(reason: FallbackReason): void {
    const from = this.decidedMode();
    if (from === 'sfu') return;
    const moved =
      from === 'p2p'
        ? this.transition({ type: 'fallback' })
        : this.transition({ type: 'start', mode: 'sfu' });
    if (!moved) return;
    this.emit('fallback', { reason, afterMs: Date.now() - (this.p2pStartedAt || this.startedAt) });
    if (reason !== 'remote') this.send({ k: 'sfu' });
    this.peer?.link.close();
    this.peer = undefined;
    void this.joinSfu();
  }

  private async joinSfu(): Promise<void> {
    try {
      await this.loadSfu(false);
      const sfu = this.sfu;
      if (!sfu) return;
      const stream = await (this.media as Promise<MediaStream>);
      if (!isLive(this.current)) return;
      const { published } = await sfu.join(stream.getTracks());
      this.send({ k: 'present', mode: 'sfu', ...this.lkField() });
      if (this.transition({ type: 'media-up' })) {
        this.emit('connected', { mode: 'sfu' });
        this.sendMediaState();
      }
      this.startStats();
      published.catch((err: unknown) => this.emit('error', CallError.recognise(err) ?? CallError.sfu(err)));
    } catch (err) {
      const error = CallError.recognise(err) ?? CallError.sfu(err);
      this.emit('error', error);
      await this.end('sfu-failed', error.message);
    }
  }

  private async installKey(): Promise<void> {
    const secret = this.callSecret ?? (await this.env.groupSecret());
    await this.sfu?.keys.setEpochSecret(secret, this.id, this.keyEpoch);
  }

  /** Someone left the SFU call: move every remaining participant to the next key epoch. */
  private async rotateKey(): Promise<void> {
    this.keyEpoch += 1;
    try {
      await this.installKey();
      this.emit('key-rotated', { epoch: this.keyEpoch });
    } catch (err) {
      this.emit('error', CallError.sfu(err));
    }
  }

  private async useTrack(kind: 'audio' | 'video', track: MediaStreamTrack, stopOld = true): Promise<void> {
    const old = this.local?.getTracks().find((t) => t.kind === kind);
    if (old) {
      track.enabled = old.enabled;
      this.local?.removeTrack(old);
    }
    this.local?.addTrack(track);
    if (this.peer) await this.peer.link.replaceTrack(kind, track);
    else if (this.decidedMode() === 'sfu') await this.sfu?.replaceTrack(kind, track);
    if (stopOld && old && old !== this.cameraTrack) old.stop();
    if (stopOld && old === this.cameraTrack && kind === 'video') old?.stop();
  }

  private startStats(): void {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.counters = undefined;
    const every = this.options.statsIntervalMs ?? STATS_INTERVAL_MS;
    this.statsTimer = setInterval(() => void this.sampleStats(), every);
  }

  private async sampleStats(): Promise<void> {
    const mode = this.decidedMode();
    if (!mode) return;
    const reports =
      mode === 'p2p'
        ? this.peer
          ? [await this.peer.link.pc.getStats()]
          : []
        : ((await this.sfu?.statsReports()) ?? []);
    if (reports.length === 0 || this.decidedMode() !== mode) return;
    const { quality, counters } = readQuality(reports, mode, this.counters, Date.now());
    this.counters = counters;
    this.emit('quality', quality);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private async end(code: CallEndCode, reason: string): Promise<void> {
    if (!this.transition({ type: 'end', code, reason })) return;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.peer?.link.close();
    this.peer = undefined;
    for (const t of this.local?.getTracks() ?? []) t.stop();
    this.cameraTrack?.stop();
    await this.sfu?.close();
    this.callSecret?.fill(0);
    this.emit('ended', { code, reason });
    this.onEnded();
  }
}
