import type {
  Call,
  CallCredentials,
  CallEnvironment,
  CallManager,
  CallOptions,
  IncomingCall,
  SignalChannel,
} from '../calls/index.js';
import { CallError, MAX_SIGNAL_CHARS, MAX_SIGNAL_FRAGMENTS, SIGNAL_FRAGMENT_BYTES } from '../calls/index.js';
import type { RoomAuthKey } from '../crypto/auth/index.js';
import { loadOnce } from '../crypto/lazy-load.js';
import type { Unsubscribe } from '../emitter.js';
import type { MemberInfo } from '../events.js';
import type { CallCredentialKind, FetchFunction } from '../relay-client/index.js';
import { MAX_CALL_SIGNALS_LOADING } from './limits.js';
import type { RoomCallWire } from './room-call-wire.js';

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
  /**
   * TURN credentials and LiveKit tokens from the relay, proven with the room's key. Each rejects with CallError
   * `CALL_CREDENTIALS_FAILED` when the relay refused or could not be reached, or the code that asks could not
   * be loaded (the next request tries again).
   */
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

/** The module of {@link RoomCallWire}. */
export type RoomCallWireModule = typeof import('./room-call-wire.js');

/**
 * Imports the rooms' call wire code (`room-call-wire.ts`: signal fragments, relay credentials) once, on first
 * use: a lazy chunk beside the file in the widget's script-tag build, so a chat that never calls never
 * downloads it.
 */
export const loadRoomCallWire: () => Promise<RoomCallWireModule> = loadOnce(
  () => import('./room-call-wire.js'),
);

const utf8 = new TextEncoder();

/**
 * Throws what `fragmentSignal` throws for a text it cannot send, so `signals.send` refuses the same texts at
 * once whether or not the wire code has loaded yet.
 */
function checkSignalText(text: string): void {
  if (
    typeof text !== 'string' ||
    text.length === 0 ||
    text.length > MAX_SIGNAL_CHARS ||
    utf8.encode(text).length > MAX_SIGNAL_FRAGMENTS * SIGNAL_FRAGMENT_BYTES
  ) {
    throw CallError.malformed('size');
  }
}

/**
 * The calls of one room: its {@link RoomCallEnvironment} over the room's encrypted ephemeral signals and the
 * relay's `/calls/*` endpoints, and (made on first use, from the `calls.CallManager` client option) the
 * room's `CallManager`. `Room.call()` and `Room.on('ringing')` are this.
 *
 * The code that frames signals and fetches credentials ({@link RoomCallWire}) loads on first use: the first
 * signal sent, the first fragment received while someone listens, or the first credentials asked for. Signals
 * sent and fragments received while it loads wait (at most {@link MAX_CALL_SIGNALS_LOADING}) and then go on
 * in their order; a failed load loses them, as signals are lost when offline (perfect negotiation
 * and ICE tolerate that), and the next signal tries again.
 */
export class RoomCalls {
  private readonly listeners = new Set<(from: string, payload: string) => void>();
  private readonly ringListeners = new Set<(call: IncomingCall) => void>();
  private manager: CallManager | undefined;
  private wire: RoomCallWire | undefined;
  private wiring: Promise<RoomCallWire> | undefined;
  /** What waits for the wire code to load, in order: signals to send, fragments received. */
  private readonly waiting: ((wire: RoomCallWire) => void)[] = [];
  /** The environment (without worker and devices), for bridges and the manager. */
  readonly environment: RoomCallEnvironment;

  /**
   * @param host - the room.
   * @param loadWire - loads the wire code. @default loadRoomCallWire
   */
  constructor(
    private readonly host: RoomCallHost,
    private readonly loadWire: () => Promise<RoomCallWireModule> = loadRoomCallWire,
  ) {
    host.callSignalHandler = (from, fragment) => this.onFragment(from.id, fragment);
    const signals: SignalChannel = {
      selfId: host.selfId,
      send: (payload) => this.send(payload),
      onSignal: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    };
    const credentials: CallCredentials = {
      turn: async () => (await this.wireFor('turn')).turn(),
      liveKitToken: async () => (await this.wireFor('livekit')).liveKitToken(),
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

  /** Ends every call of the room and stops listening (what the calls still send, e.g. `leave`, goes out). */
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

  /** The room's wire, loading its code on first use; what waited for it goes on in order once it is there. */
  private wireUp(): Promise<RoomCallWire> {
    this.wiring ??= this.loadWire().then(
      ({ RoomCallWire }) => {
        const wire = new RoomCallWire(this.host);
        this.wire = wire;
        for (const use of this.waiting.splice(0)) {
          try {
            use(wire);
          } catch {
            // fire and forget, as when the code was there: a text was checked when it was sent
          }
        }
        return wire;
      },
      (cause: unknown) => {
        this.wiring = undefined;
        this.waiting.length = 0;
        throw cause;
      },
    );
    return this.wiring;
  }

  /**
   * Runs `use` with the wire: now when its code is loaded, else once it is (in order). Beyond
   * {@link MAX_CALL_SIGNALS_LOADING} waiting, or when the load fails, it is dropped as a lost signal; the next
   * signal tries the load again.
   */
  private withWire(use: (wire: RoomCallWire) => void): void {
    if (this.wire) {
      use(this.wire);
      return;
    }
    if (this.waiting.length >= MAX_CALL_SIGNALS_LOADING) return;
    this.waiting.push(use);
    this.wireUp().catch(() => undefined);
  }

  /** The wire for a credentials request; a failed load is that request's `CALL_CREDENTIALS_FAILED`. */
  private async wireFor(kind: CallCredentialKind): Promise<RoomCallWire> {
    try {
      return this.wire ?? (await this.wireUp());
    } catch (err) {
      throw CallError.credentials(kind, err);
    }
  }

  private send(text: string): void {
    checkSignalText(text);
    this.withWire((wire) => wire.send(text));
  }

  private onFragment(from: string, fragment: Uint8Array): void {
    // Nobody listens (no call manager, no bridge): a signal would reach no one, so its code need not load.
    if (this.listeners.size === 0) return;
    const bytes = fragment.slice();
    this.withWire((wire) => this.deliver(wire, from, bytes));
  }

  private deliver(wire: RoomCallWire, from: string, fragment: Uint8Array): void {
    const text = wire.receive(from, fragment);
    if (text === undefined) return;
    for (const l of this.listeners) l(from, text);
  }
}
