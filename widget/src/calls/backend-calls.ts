import type { CallManager, CallOptions } from '@cryptalk/sdk/calls';
import type { CallSignalEvent, ChatBackend } from '../backend/chat-backend.js';
import type { Off } from '../internal/emitter.js';
import {
  type CallEnvironmentBackend,
  hasCallEnvironment,
  type PageCallOptions,
} from './backend-call-environment.js';
import type { CallCapableBackend, StartCallOptions } from './call-backend.js';
import type { CallHandle, IncomingCallHandle } from './call-handle.js';
import type { SdkCallHandleOptions } from './sdk-call-handle.js';

/** What the call engine chunk exports (see `./call-engine.ts`). */
export type CallEngine = typeof import('./call-engine.js');

/**
 * Loads the call engine: a dynamic import that bundlers split; the script-tag calls chunk maps it to
 * `cryptalk-call-engine.js` beside itself (see widget/rollup.widget.mjs).
 */
const loadCallEngine = (): Promise<CallEngine> => import('./call-engine.js');

/** Options of {@link enableBackendCalls}. */
export interface BackendCallsOptions extends PageCallOptions {
  /** A participant's display name from their member id. @default the id */
  nameOf?: (room: string, id: string) => string;
  /** The user's display name in calls. @default the backend's `userName`, else 'You' */
  selfName?: string;
  /** SDK call options for every call (e.g. `p2pTimeoutMs`, `statsIntervalMs`); `audio`/`video` come per call. */
  callOptions?: Omit<CallOptions, 'audio' | 'video'>;
  /**
   * Call signals that arrived before the calls were enabled (the panel keeps them from the moment the
   * backend announced `capabilities.calls`), replayed in order: the first ring is not lost while the calls
   * chunk loads. Stale ones are dropped by the SDK (older than `SIGNAL_MAX_AGE_MS`).
   */
  replay?: readonly CallSignalEvent[];
  /** Loads the call engine. @default `import('./call-engine.js')` (`cryptalk-call-engine.js`) */
  loadEngine?: () => Promise<CallEngine>;
}

/** Signals of a room kept while its call manager is being set up (a ring and its first candidates). */
const MAX_EARLY_ROOM_SIGNALS = 64;

/** The page's calls of one backend: a `CallManager` per room, over {@link backendCallEnvironment}. */
class BackendCalls implements CallCapableBackend {
  private readonly managers = new Map<string, Promise<CallManager>>();
  private readonly ringListeners = new Set<(room: string, call: IncomingCallHandle) => void>();
  private readonly early = new Map<string, Array<{ from: string; payload: string }>>();
  private loadingEngine: Promise<CallEngine> | undefined;
  readonly off: Off;

  constructor(
    private readonly backend: CallEnvironmentBackend,
    private readonly options: BackendCallsOptions,
  ) {
    this.off = backend.on('callSignal', (e) => this.onSignal(e));
    for (const e of options.replay ?? []) this.onSignal(e);
  }

  /** A signal for a room without a manager (a ring, most likely) sets one up and is replayed to it. */
  private onSignal({ room, from, payload }: CallSignalEvent): void {
    if (this.managers.has(room)) {
      const waiting = this.early.get(room);
      if (waiting && waiting.length < MAX_EARLY_ROOM_SIGNALS) waiting.push({ from, payload });
      return;
    }
    this.early.set(room, [{ from, payload }]);
    void this.manager(room).catch(() => undefined);
  }

  async startCall(room: string, options: StartCallOptions = {}): Promise<CallHandle> {
    const manager = await this.manager(room);
    const { callHandleFromSdkCall } = await this.engine();
    const callOptions = {
      ...this.options.callOptions,
      audio: options.audio ?? true,
      video: options.video ?? true,
    };
    return callHandleFromSdkCall(manager.call(callOptions), {
      ...this.handleOptions(room),
      restart: () => manager.call(callOptions),
    });
  }

  onIncomingCall(listener: (room: string, call: IncomingCallHandle) => void): Off {
    this.ringListeners.add(listener);
    return () => this.ringListeners.delete(listener);
  }

  /** Ends every call and stops listening. */
  async close(): Promise<void> {
    this.off();
    const managers = [...this.managers.values()];
    this.managers.clear();
    await Promise.all(managers.map(async (m) => (await m.catch(() => undefined))?.close()));
  }

  private handleOptions(room: string): SdkCallHandleOptions {
    const { nameOf } = this.options;
    return {
      selfName: this.options.selfName ?? (this.backend.userName || 'You'),
      ...(nameOf ? { nameOf: (id: string) => nameOf(room, id) } : {}),
    };
  }

  private engine(): Promise<CallEngine> {
    this.loadingEngine ??= (this.options.loadEngine ?? loadCallEngine)();
    this.loadingEngine.catch(() => {
      this.loadingEngine = undefined;
    });
    return this.loadingEngine;
  }

  private manager(room: string): Promise<CallManager> {
    let m = this.managers.get(room);
    if (!m) {
      if (!this.early.has(room)) this.early.set(room, []);
      m = Promise.all([this.backend.callRoom(room), this.engine()]).then(([info, engine]) => {
        const { CallManager, backendCallEnvironment, incomingCallFromSdk } = engine;
        const env = backendCallEnvironment(this.backend, room, info, this.options);
        const manager = new CallManager(env);
        manager.on('ringing', (incoming) => {
          const handle = incomingCallFromSdk(incoming, {
            ...this.handleOptions(room),
            ...(this.options.callOptions ? { callOptions: this.options.callOptions } : {}),
          });
          for (const l of this.ringListeners) l(room, handle);
        });
        // Replay what arrived while the room's manager was being set up, through the environment's channel.
        const waiting = this.early.get(room) ?? [];
        this.early.delete(room);
        for (const s of waiting) env.deliver(s.from, s.payload);
        return manager;
      });
      m.catch(() => {
        this.managers.delete(room);
        this.early.delete(room);
      });
      this.managers.set(room, m);
    }
    return m;
  }
}

/**
 * Makes a chat backend that carries a call environment (`capabilities.calls`, e.g. the worker- or
 * frame-placed `RemoteBackend` over a `ClientBackend`) call-capable on the page: adds `startCall` and
 * `onIncomingCall` ({@link CallCapableBackend}) to it, backed by one SDK `CallManager` per room whose
 * `RTCPeerConnection`s, media and LiveKit E2EE Worker live on the page's thread. Lives in the calls chunk;
 * the engine (`CallManager`, the environment, the adapter) loads from `cryptalk-call-engine.js` when a room's
 * calls are first set up (a call starts or a signal arrives), and `livekit-client` from `cryptalk-sfu.js`
 * when a call starts. Signals the panel buffered before go in `options.replay`.
 * @param backend - the backend (changed in place and returned).
 * @param options - E2EE Worker, media devices, names.
 * @returns the same backend, now call-capable; `undefined` when it carries no call environment.
 * @example
 * const { enableBackendCalls } = await loadCallsChunk(import.meta.url);
 * const calls = enableBackendCalls(backend);
 * calls?.onIncomingCall((room, ring) => showRing(room, ring));
 */
export function enableBackendCalls(
  backend: ChatBackend,
  options: BackendCallsOptions = {},
): (ChatBackend & CallCapableBackend & { closeCalls(): Promise<void> }) | undefined {
  if (!hasCallEnvironment(backend)) return undefined;
  const existing = (backend as Partial<CallCapableBackend>).startCall;
  if (typeof existing === 'function')
    return backend as ChatBackend & CallCapableBackend & { closeCalls(): Promise<void> };
  const calls = new BackendCalls(backend, options);
  return Object.assign(backend, {
    startCall: (room: string, o?: StartCallOptions) => calls.startCall(room, o),
    onIncomingCall: (listener: (room: string, call: IncomingCallHandle) => void) =>
      calls.onIncomingCall(listener),
    closeCalls: () => calls.close(),
  });
}
