/**
 * The browser side of the calls test and benchmark harness: a {@link SignalChannel} over Playwright
 * bindings (the Node side fans signals out between pages, like the relay's ephemeral signals), credentials
 * fetched from the Node side, and a recorder of every call event with `performance.now()` timestamps.
 * Bundled with esbuild by harness.ts; not part of the SDK.
 */
import { setLogLevel } from 'livekit-client';
import { type Call, CallManager, type CallOptions, type SignalChannel } from '../../sdk/src/calls/index.js';

setLogLevel('error');

type Listener = (from: string, payload: string) => void;

interface HarnessWindow {
  __ctSignalSend(payload: string): Promise<void>;
  __ctCredentials(kind: 'turn' | 'livekit'): Promise<unknown>;
  __ctDeliver(from: string, payload: string): void;
  ctHarness: unknown;
}

const w = window as unknown as HarnessWindow;

class BindingSignalChannel implements SignalChannel {
  private readonly listeners = new Set<Listener>();
  constructor(readonly selfId: string) {
    w.__ctDeliver = (from, payload) => {
      for (const l of this.listeners) l(from, payload);
    };
  }
  send(payload: string): void {
    void w.__ctSignalSend(payload);
  }
  onSignal(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** One recorded event. */
interface Recorded {
  t: number;
  type: string;
  data: unknown;
}

const events: Recorded[] = [];
let manager: CallManager | undefined;
let call: Call | undefined;
let t0 = 0;

function record(type: string, data: unknown): void {
  events.push({ t: performance.now() - t0, type, data });
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Small video keeps several encoders (and LiveKit's E2EE worker) cheap on a loaded 2-core machine. */
const SMALL_VIDEO: MediaTrackConstraints = { width: 320, height: 240, frameRate: 15 };

function withDefaults(options: CallOptions): CallOptions {
  return { video: SMALL_VIDEO, ...options };
}

function wire(c: Call): Call {
  call = c;
  for (const type of [
    'state',
    'ringing',
    'connected',
    'reconnecting',
    'fallback',
    'ended',
    'quality',
    'participants',
    'key-rotated',
  ] as const) {
    c.on(type, (data) => record(type, data));
  }
  c.on('error', (e) => record('error', { code: e.code, message: e.message }));
  c.on('decryption-error', (e) =>
    record('decryption-error', { participant: e.participant, code: e.error.code }),
  );
  c.on('track', ({ participant, track, stream }) => {
    record('track', { participant, kind: track.kind });
    if (track.kind !== 'video') return;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.srcObject = new MediaStream([track]);
    document.body.append(video);
    void video.play().catch(() => {});
    video.requestVideoFrameCallback(() => record('first-frame', { participant, streamId: stream.id }));
  });
  return c;
}

w.ctHarness = {
  /** Creates the call manager for this participant. */
  init(selfId: string, groupSecretHex: string): void {
    manager = new CallManager({
      signals: new BindingSignalChannel(selfId),
      credentials: {
        turn: () => w.__ctCredentials('turn') as Promise<{ iceServers: RTCIceServer[] }>,
        liveKitToken: () =>
          w.__ctCredentials('livekit') as Promise<{ url: string; token: string; identity: string }>,
      },
      groupSecret: () => hexToBytes(groupSecretHex),
      e2eeWorker: () => new Worker('/e2ee-worker.mjs', { type: 'module' }),
    });
    manager.on('ringing', (incoming) => record('incoming', { id: incoming.id, from: incoming.from }));
  },
  /** Starts a call; t0 is now. */
  dial(options: CallOptions): string {
    t0 = performance.now();
    events.length = 0;
    return wire((manager as CallManager).call(withDefaults(options))).id;
  },
  /** Joins the call with the given id. */
  join(id: string, options: CallOptions): void {
    wire((manager as CallManager).join(id, withDefaults(options)));
  },
  /** Answers the next ring automatically. */
  autoAnswer(options: CallOptions): void {
    (manager as CallManager).once('ringing', (incoming) => wire(incoming.join(withDefaults(options))));
  },
  /** Recorded events (serializable). */
  events(): Recorded[] {
    return events;
  },
  /** The latest quality sample, if any. */
  state(): unknown {
    return call?.state;
  },
  /** Candidate pairs of the P2P connection (diagnostics). */
  async pairs(): Promise<unknown[]> {
    const pc = call?.peerConnection;
    if (!pc) return [];
    const stats = await pc.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    stats.forEach((s: Record<string, unknown>) => {
      byId.set(String(s.id), s);
    });
    const out: unknown[] = [];
    for (const s of byId.values()) {
      if (s.type !== 'candidate-pair') continue;
      const l = byId.get(String(s.localCandidateId));
      const r = byId.get(String(s.remoteCandidateId));
      out.push({
        state: s.state,
        nominated: s.nominated,
        local: `${l?.candidateType} ${l?.address}:${l?.port}`,
        remote: `${r?.candidateType} ${r?.address}:${r?.port}`,
      });
    }
    return out;
  },
  /** Mutes or unmutes. */
  mute(kind: 'audio' | 'video', muted: boolean): boolean {
    call?.setMuted(kind, muted);
    return call?.isMuted(kind) ?? false;
  },
  /** Leaves the call. */
  async leave(): Promise<void> {
    await call?.leave();
  },
  // ─── media actions (device switching, screen share; test/e2e/calls-media.e2e.test.ts) ───
  /** The browser's devices, as `kind:label:deviceId` records. */
  async devices(): Promise<Array<{ kind: string; label: string; deviceId: string }>> {
    const list = (await call?.devices()) ?? [];
    return list.map((d) => ({ kind: d.kind, label: d.label, deviceId: d.deviceId }));
  },
  /** Uses another microphone or camera. */
  async selectDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    await call?.selectDevice(kind, deviceId);
  },
  /** Switches to the next camera. */
  async switchCamera(): Promise<void> {
    await call?.switchCamera();
  },
  /** Runs `selectDevice` or `switchCamera` and answers the error code it threw ('' when it succeeded). */
  async mediaErrorCode(method: 'selectDevice' | 'switchCamera', ...args: string[]): Promise<string> {
    try {
      if (method === 'selectDevice') await call?.selectDevice(args[0] as 'videoinput', args[1] ?? '');
      else await call?.switchCamera();
      return '';
    } catch (err) {
      return String((err as { code?: unknown }).code ?? (err as Error).message);
    }
  },
  /** Shares the screen instead of the camera. */
  async startScreenShare(): Promise<void> {
    await call?.startScreenShare();
  },
  /** Goes back to the camera. */
  async stopScreenShare(): Promise<void> {
    await call?.stopScreenShare();
  },
  /** The local video track (the preview) and the track the P2P connection sends, with their settings. */
  sentVideo(): {
    local?: {
      id: string;
      label: string;
      deviceId?: string;
      width?: number;
      height?: number;
      readyState: string;
      enabled: boolean;
      muted: boolean;
    };
    sent?: { id: string; label: string };
  } {
    const describe = (t: MediaStreamTrack | null | undefined) => {
      if (!t) return undefined;
      const s = t.getSettings();
      return {
        id: t.id,
        label: t.label,
        deviceId: s.deviceId,
        width: s.width,
        height: s.height,
        readyState: t.readyState,
        enabled: t.enabled,
        muted: t.muted,
      };
    };
    const sender = call?.peerConnection?.getSenders().find((x) => x.track?.kind === 'video');
    const local = describe(call?.localStream?.getVideoTracks()[0]);
    const sent = sender?.track ? { id: sender.track.id, label: sender.track.label } : undefined;
    return { ...(local ? { local } : {}), ...(sent ? { sent } : {}) };
  },
  /** The outbound video of the P2P connection: frames encoded and their size (diagnostics). */
  async outboundVideo(): Promise<Record<string, unknown> | undefined> {
    const pc = call?.peerConnection;
    if (!pc) return undefined;
    let found: Record<string, unknown> | undefined;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type !== 'outbound-rtp' || s.kind !== 'video') return;
      const { framesEncoded, frameWidth, frameHeight, qualityLimitationReason } = s;
      found = { framesEncoded, frameWidth, frameHeight, qualityLimitationReason };
    });
    return found;
  },
  /** The inbound video of the P2P connection: frames decoded and their size. */
  async inboundVideo(): Promise<
    { framesDecoded: number; frameWidth: number; frameHeight: number } | undefined
  > {
    const pc = call?.peerConnection;
    if (!pc) return undefined;
    let found: { framesDecoded: number; frameWidth: number; frameHeight: number } | undefined;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type !== 'inbound-rtp' || s.kind !== 'video') return;
      found = {
        framesDecoded: Number(s.framesDecoded ?? 0),
        frameWidth: Number(s.frameWidth ?? 0),
        frameHeight: Number(s.frameHeight ?? 0),
      };
    });
    return found;
  },
};
