/**
 * The client side: a typed proxy whose methods send calls over a channel and resolve with the host's
 * results (typed errors revived as their classes), plus typed events. Pending calls are bounded and time out.
 *
 * @module
 */
import { TypedEmitter, type Unsubscribe } from '../emitter.js';
import type { Channel } from './channel.js';
import type { ErrorReviver } from './error-codec.js';
import { RemoteError } from './errors.js';
import { REMOTE_DEFAULT_TIMEOUT_MS, REMOTE_MAX_ID, REMOTE_MAX_PENDING } from './limits.js';
import {
  callMessage,
  checkWireError,
  decodeRemoteMessage,
  type RemoteMessage,
  type WireError,
} from './messages.js';
import { assertPlainData, type PlainData } from './plain-data.js';
import { reviveErrorLazily } from './revive-error-lazily.js';
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
  /**
   * Events whose payload is an error serialized with `serializeError`: listeners get it revived as a call's
   * error is (declare those payloads as `Error` in the client's event map), in order with every other message.
   * A payload that is not a serialized error is dropped (`onReject`, `REMOTE_MALFORMED`).
   */
  readonly errorEvents?: readonly string[];
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

/** Callbacks waiting for {@link nextTask}'s channel, in order. */
const tasks: (() => void)[] = [];
let taskChannel: MessageChannel | undefined;

/**
 * Runs `fn` in a task of its own, after the microtasks of the current one, as a message event would: on a
 * `MessageChannel` where there is one, since timers nested more than five deep wait at least 4 ms each (a burst
 * of held messages would trickle in); `setTimeout` otherwise. In Node the port keeps the process alive only
 * while tasks wait.
 */
function nextTask(fn: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(fn, 0);
    return;
  }
  if (!taskChannel) {
    const channel = new MessageChannel();
    const port = channel.port1 as MessagePort & { ref?: () => void; unref?: () => void };
    port.onmessage = () => {
      // Node: the port keeps the process alive only while tasks wait
      if (tasks.length <= 1) port.unref?.();
      tasks.shift()?.();
    };
    taskChannel = channel;
  }
  (taskChannel.port1 as { ref?: () => void }).ref?.();
  tasks.push(fn);
  taskChannel.port2.postMessage(undefined);
}

/**
 * Connects to a host served with `serveRemote` on the other end of `channel`.
 *
 * Typed errors (of calls, and the payloads of `errorEvents`) are revived as their classes. Most of the SDK's
 * error classes load with the first error of one of them (see `revive-error-lazily.ts`): until that load
 * settles, the messages that arrive after that error wait, and are then handled in order, each in a task of its
 * own as they arrived, so no answer or event overtakes the error. A load that fails or takes longer than
 * `timeoutMs` revives the error as a `CrypTalkError` with the same code, name and message (and the next error
 * tries again).
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

  const revivers = options.revivers ?? [];
  const errorEvents = new Set(options.errorEvents);

  /**
   * Handles one received message; returns a promise when it waits for an error's class to load (the
   * messages after it wait too).
   */
  const receive = (msg: RemoteMessage): Promise<void> | undefined => {
    let settle: (err: Error) => void;
    let wire: WireError;
    if (msg.k === 'event') {
      const name = msg.name as keyof E;
      if (!errorEvents.has(msg.name)) {
        events.fire(name, msg.payload as E[keyof E]);
        return undefined;
      }
      try {
        checkWireError(msg.payload);
      } catch (e) {
        drop(e as RemoteError);
        return undefined;
      }
      settle = (err) => events.fire(name, err as E[keyof E]);
      wire = msg.payload;
    } else if (msg.k === 'call') {
      drop(RemoteError.malformed('a client does not serve calls'));
      return undefined;
    } else {
      const p = pending.get(msg.id);
      if (!p) {
        drop(RemoteError.malformed('answer to no pending call'));
        return undefined;
      }
      pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.k === 'ok') {
        p.resolve(msg.value);
        return undefined;
      }
      settle = p.reject;
      wire = msg.error;
    }
    const err = reviveErrorLazily(wire, revivers, timeoutMs);
    if (err instanceof Promise) return err.then(settle);
    settle(err);
    return undefined;
  };

  /** Messages that arrived while an earlier one waited, handled in order once it is done. */
  const held: RemoteMessage[] = [];
  let holding = false;
  /** Handles the next held message in a task of its own (as it arrived), after the reactions to the last. */
  const next = (): void => {
    nextTask(() => {
      const msg = closed ? undefined : held.shift();
      if (!msg) {
        held.length = 0;
        holding = false;
        return;
      }
      const waiting = receive(msg);
      if (waiting) void waiting.then(next, next);
      else next();
    });
  };
  const off = channel.onMessage((data) => {
    let msg: RemoteMessage;
    try {
      msg = decodeRemoteMessage(data);
    } catch (e) {
      return drop(e as RemoteError);
    }
    if (holding) {
      // An answer that arrived in time does not time out while it waits its turn.
      if (msg.k === 'ok' || msg.k === 'err') clearTimeout(pending.get(msg.id)?.timer);
      held.push(msg);
      return;
    }
    const waiting = receive(msg);
    if (!waiting) return;
    holding = true;
    void waiting.then(next, next);
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
