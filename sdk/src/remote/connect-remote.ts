/**
 * The client side: a typed proxy whose methods send calls over a channel and resolve with the host's
 * results (typed errors revived as their classes), plus typed events. Pending calls are bounded and time out.
 *
 * @module
 */
import { TypedEmitter, type Unsubscribe } from '../emitter.js';
import type { Channel } from './channel.js';
import { type ErrorReviver, reviveError } from './error-codec.js';
import { RemoteError } from './errors.js';
import { REMOTE_DEFAULT_TIMEOUT_MS, REMOTE_MAX_ID, REMOTE_MAX_PENDING } from './limits.js';
import { callMessage, decodeRemoteMessage } from './messages.js';
import { assertPlainData, type PlainData } from './plain-data.js';
import type { CommandMap, EventMap } from './schema.js';

/** The proxy's methods: each command returns a promise of its (awaited) result. */
export type RemoteCommands<C extends CommandMap> = {
  readonly [K in keyof C & string]: (...args: Parameters<C[K]>) => Promise<Awaited<ReturnType<C[K]>>>;
};

/** Options of {@link connectRemote}. */
export interface ConnectRemoteOptions {
  /** Per-call timeout in ms. @default REMOTE_DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Most calls waiting at once. @default REMOTE_MAX_PENDING */
  readonly maxPending?: number;
  /** Extra error revivers tried before the SDK's own. */
  readonly revivers?: readonly ErrorReviver[];
  /** Told about every message the client dropped (malformed, unknown id, not an answer). */
  readonly onReject?: (error: RemoteError) => void;
}

/** A connected client. */
export interface RemoteClient<C extends CommandMap, E extends EventMap> {
  /** Typed command methods. */
  readonly commands: RemoteCommands<C>;
  /** Calls a command by name. */
  call<K extends keyof C & string>(name: K, ...args: Parameters<C[K]>): Promise<Awaited<ReturnType<C[K]>>>;
  /** Listens to an event. */
  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): Unsubscribe;
  /** Calls waiting for an answer. */
  readonly pending: number;
  /** Messages dropped so far. */
  readonly rejected: number;
  /** Fails every pending call with `REMOTE_CLOSED` and closes the channel. */
  close(): void;
}

class RemoteEvents<E extends EventMap> extends TypedEmitter<E> {
  fire<K extends keyof E>(event: K, payload: E[K]): void {
    this.emit(event, payload);
  }
}

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * Connects to a host served with `serveRemote` on the other end of `channel`.
 *
 * @example
 * const remote = connectRemote<ClientCommands, ClientEvents>(portChannel(worker));
 * remote.on('message', (m) => render(m));
 * await remote.commands.send(roomId, 'hi');
 */
export function connectRemote<C extends CommandMap, E extends EventMap = EventMap>(
  channel: Channel,
  options: ConnectRemoteOptions = {},
): RemoteClient<C, E> {
  const timeoutMs = options.timeoutMs ?? REMOTE_DEFAULT_TIMEOUT_MS;
  const maxPending = options.maxPending ?? REMOTE_MAX_PENDING;
  const pending = new Map<number, Pending>();
  const events = new RemoteEvents<E>();
  let nextId = 1;
  let closed = false;
  let rejected = 0;
  const drop = (e: RemoteError) => {
    rejected++;
    options.onReject?.(e);
  };

  const off = channel.onMessage((data) => {
    let msg: ReturnType<typeof decodeRemoteMessage>;
    try {
      msg = decodeRemoteMessage(data);
    } catch (e) {
      return drop(e as RemoteError);
    }
    if (msg.k === 'event') return events.fire(msg.name as keyof E, msg.payload as E[keyof E]);
    if (msg.k === 'call') return drop(RemoteError.malformed('a client does not serve calls'));
    const p = pending.get(msg.id);
    if (!p) return drop(RemoteError.malformed('answer to no pending call'));
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.k === 'ok') p.resolve(msg.value);
    else p.reject(reviveError(msg.error, options.revivers));
  });

  const call = (name: string, args: unknown[]): Promise<never> =>
    new Promise<never>((resolve, reject) => {
      if (closed) throw RemoteError.closed();
      if (pending.size >= maxPending) throw RemoteError.tooManyPending(maxPending);
      assertPlainData(args);
      let id = nextId;
      while (pending.has(id)) id = id >= REMOTE_MAX_ID ? 1 : id + 1;
      nextId = id >= REMOTE_MAX_ID ? 1 : id + 1;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(RemoteError.timeout(timeoutMs));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        channel.send(callMessage(id, name, args as PlainData[]));
      } catch (e) {
        pending.delete(id);
        clearTimeout(timer);
        throw e;
      }
    });

  const commands = new Proxy(Object.create(null) as RemoteCommands<C>, {
    // `then` stays undefined so the proxy is not mistaken for a promise by `await`.
    get: (_t, prop) =>
      typeof prop === 'string' && prop !== 'then' ? (...args: unknown[]) => call(prop, args) : undefined,
  });

  return {
    commands,
    call: (name, ...args) => call(name, args),
    on: (event, listener) => events.on(event, listener),
    get pending() {
      return pending.size;
    },
    get rejected() {
      return rejected;
    },
    close() {
      if (closed) return;
      closed = true;
      off();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(RemoteError.closed());
      }
      pending.clear();
      channel.close();
    },
  };
}
