import type {
  Call,
  CallCredentials,
  CallEnvironment,
  CallManager,
  CallOptions,
  IceServerCredentials,
  IncomingCall,
  LiveKitGrant,
  SignalChannel,
} from '../calls/index.js';
import { CallError, fragmentSignal, SignalReassembler } from '../calls/index.js';
import type { RoomAuthKey } from '../crypto/auth/index.js';
import type { Unsubscribe } from '../emitter.js';
import type { MemberInfo } from '../events.js';
import { type CallCredentialKind, type FetchFunction, fetchCallCredentials } from '../relay-client/index.js';

/** Calls options of a client (`CrypTalkClientOptions.calls`). */
export interface RoomCallConfig {
  /**
   * The call manager class, `CallManager` from `@cryptalk/sdk/calls`. Passing it is what enables
   * {@link Room.call} and `room.on('ringing')`; apps that do not call never bundle WebRTC or LiveKit code.
   * @example
   * import { CallManager } from '@cryptalk/sdk/calls';
   * const client = await CrypTalkClient.open({ relay, calls: { CallManager, e2eeWorker } });
   */
  CallManager?: new (
    env: CallEnvironment,
  ) => CallManager;
  /**
   * Creates LiveKit's E2EE worker (`livekit-client/e2ee-worker`, served same-origin) for SFU calls. Without
   * it calls still work P2P, and the move to the SFU fails with `CALL_UNSUPPORTED`.
   */
  e2eeWorker?: () => Worker;
  /** Media devices. @default navigator.mediaDevices */
  mediaDevices?: MediaDevices;
  /** `fetch` for the relay's `/calls/*` endpoints. @default globalThis.fetch */
  fetch?: FetchFunction;
}

/**
 * A room's call environment without the browser parts (worker, devices): what a backend running in a
 * Worker hands across to the page, where `RTCPeerConnection` lives.
 */
export interface RoomCallEnvironment {
  /** End-to-end-encrypted ephemeral room signals, authenticated by member id. */
  readonly signals: SignalChannel;
  /** TURN credentials and LiveKit tokens from the relay, proven with the room's key. */
  readonly credentials: CallCredentials;
  /**
   * The room's current call group secret (group rooms: MLS exporter secret of the current epoch, so it changes
   * when a member is removed).
   * @throws CallError `CALL_UNSUPPORTED` in a room without one ({@link perCallSecret}); `CALL_NOT_ACTIVE`
   *   when the room is not (or no longer) joined.
   */
  groupSecret(): Promise<Uint8Array>;
  /** 1:1 rooms: media keys come from a per-call secret carried in the encrypted ring. */
  readonly perCallSecret: boolean;
  /** How many other members the room has now (a ring reaches them; all declining ends the call). */
  otherMembers(): number;
}

/** What the room's calls need from the room (its core). */
export interface RoomCallHost {
  readonly id: string;
  readonly kind: 'group' | 'direct';
  readonly selfId: string;
  readonly relayUrl: string;
  /** The room's pseudonymous key (the caller destroys it). */
  roomAuthKey(): Promise<RoomAuthKey>;
  /** The client's calls options. */
  readonly callConfig: RoomCallConfig;
  /** Where decrypted call fragments go. */
  callSignalHandler: ((from: MemberInfo, fragment: Uint8Array) => void) | undefined;
  /** Sends one fragment as an encrypted ephemeral signal. */
  sendCallSignal(fragment: Uint8Array): Promise<boolean>;
  /** The current group secret, if the room has one. */
  callGroupSecret(): Promise<Uint8Array | undefined>;
  /** The room's members (the user included, `self: true`). */
  members(): readonly MemberInfo[];
}

/** The events of a room. */
export interface RoomEvents {
  /** Another member started a call in this room. */
  ringing: IncomingCall;
}

function strings(v: unknown): v is string | string[] {
  return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

/** Validates the relay's `/calls/turn` answer. */
function iceServersOf(body: Record<string, unknown>): IceServerCredentials {
  const list = body.iceServers;
  if (!Array.isArray(list) || list.length > 8) throw new TypeError('iceServers');
  const iceServers: RTCIceServer[] = list.map((s: unknown) => {
    const o = s as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || !strings(o.urls)) throw new TypeError('iceServers.urls');
    if (o.username !== undefined && typeof o.username !== 'string') throw new TypeError('username');
    if (o.credential !== undefined && typeof o.credential !== 'string') throw new TypeError('credential');
    return {
      urls: o.urls,
      ...(o.username === undefined ? {} : { username: o.username as string }),
      ...(o.credential === undefined ? {} : { credential: o.credential as string }),
    };
  });
  return { iceServers };
}

/** Validates the relay's `/calls/token` answer. */
function grantOf(body: Record<string, unknown>): LiveKitGrant {
  const { url, token, identity } = body;
  if (typeof url !== 'string' || typeof token !== 'string' || typeof identity !== 'string') {
    throw new TypeError('livekit grant');
  }
  return { url, token, identity };
}

/**
 * The calls of one room: its {@link RoomCallEnvironment} over the room's encrypted ephemeral signals and the
 * relay's `/calls/*` endpoints, and (made on first use, from the `calls.CallManager` client option) the
 * room's `CallManager`. `Room.call()` and `Room.on('ringing')` are this.
 */
export class RoomCalls {
  private readonly listeners = new Set<(from: string, payload: string) => void>();
  private readonly reassembler = new SignalReassembler();
  private readonly ringListeners = new Set<(call: IncomingCall) => void>();
  private manager: CallManager | undefined;
  /** The environment (without worker and devices), for bridges and the manager. */
  readonly environment: RoomCallEnvironment;

  /** @param host - the room. */
  constructor(private readonly host: RoomCallHost) {
    host.callSignalHandler = (from, fragment) => this.onFragment(from.id, fragment);
    const signals: SignalChannel = {
      selfId: host.selfId,
      send: (payload) => {
        for (const f of fragmentSignal(payload)) void host.sendCallSignal(f);
      },
      onSignal: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    const credentials: CallCredentials = {
      turn: async () => iceServersOf(await this.fetch('turn')),
      liveKitToken: async () => grantOf(await this.fetch('livekit')),
    };
    this.environment = {
      signals,
      credentials,
      perCallSecret: host.kind === 'direct',
      otherMembers: () => host.members().filter((m) => !m.self).length,
      groupSecret: async () => {
        if (host.kind === 'direct')
          throw CallError.unsupported('a group secret (1:1 rooms use per-call keys)');
        const secret = await host.callGroupSecret();
        if (!secret) throw CallError.notActive();
        return secret;
      },
    };
  }

  /**
   * Starts a call in the room (see `CallManager.call`).
   * @throws CallError `CALL_UNSUPPORTED` without the `calls.CallManager` client option.
   */
  async call(options: CallOptions = {}): Promise<Call> {
    return this.load().call(options);
  }

  /**
   * Subscribes to calls other members start.
   * @throws CallError `CALL_UNSUPPORTED` without the `calls.CallManager` client option.
   */
  onRinging(listener: (call: IncomingCall) => void): Unsubscribe {
    this.load();
    this.ringListeners.add(listener);
    return () => this.ringListeners.delete(listener);
  }

  /** Ends every call of the room and stops listening. */
  async close(): Promise<void> {
    this.host.callSignalHandler = undefined;
    this.listeners.clear();
    this.ringListeners.clear();
    const m = this.manager;
    this.manager = undefined;
    if (m) await m.close();
  }

  private load(): CallManager {
    if (this.manager) return this.manager;
    const cfg = this.host.callConfig;
    const Manager = cfg.CallManager;
    if (!Manager) throw CallError.unsupported('the calls.CallManager client option');
    const env: CallEnvironment = {
      ...this.environment,
      e2eeWorker: () => {
        if (!cfg.e2eeWorker) throw CallError.unsupported('the e2eeWorker client option (SFU calls)');
        return cfg.e2eeWorker();
      },
      ...(cfg.mediaDevices ? { mediaDevices: cfg.mediaDevices } : {}),
    };
    const manager = new Manager(env);
    manager.on('ringing', (incoming) => {
      for (const l of this.ringListeners) l(incoming);
    });
    this.manager = manager;
    return manager;
  }

  private async fetch(kind: CallCredentialKind): Promise<Record<string, unknown>> {
    const key = await this.host.roomAuthKey();
    try {
      return await fetchCallCredentials(
        this.host.relayUrl,
        this.host.id,
        key,
        kind,
        this.host.callConfig.fetch,
      );
    } catch (err) {
      throw CallError.credentials(kind, err);
    } finally {
      key.destroy();
    }
  }

  private onFragment(from: string, fragment: Uint8Array): void {
    let text: string | undefined;
    try {
      text = this.reassembler.push(from, fragment);
    } catch {
      return; // a malformed fragment is dropped, like any undecodable signal
    }
    if (text === undefined) return;
    for (const l of this.listeners) l(from, text);
  }
}
