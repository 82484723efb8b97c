/**
 * The host side: serves a target object's commands and forwards its events over a channel, strictly by the
 * schema. Generic over the target, so `CrypTalkClient` (or anything with methods and `on`) plugs in.
 *
 * @module
 */
import type { Unsubscribe } from '../emitter.js';
import type { Channel } from './channel.js';
import { serializeError } from './error-codec.js';
import { RemoteError } from './errors.js';
import {
  type CallMessage,
  decodeRemoteMessage,
  errMessage,
  eventMessage,
  isRemoteName,
  okMessage,
} from './messages.js';
import { assertPlainData, type PlainData } from './plain-data.js';
import type { CommandMap, EventMap, RemoteSchema } from './schema.js';

/** Something that emits events like `TypedEmitter`. */
export interface EventSourceLike<E extends EventMap> {
  /** Adds a listener and returns its remover. */
  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): Unsubscribe;
}

/** Options of {@link serveRemote}. */
export interface ServeRemoteOptions {
  /** Told about every message the host refused (malformed, unknown command, bad arguments). */
  readonly onReject?: (error: RemoteError) => void;
}

/** A running host. */
export interface RemoteHost {
  /** Messages refused so far. */
  readonly rejected: number;
  /** Calls that reached the target so far. */
  readonly invoked: number;
  /** Stops serving: unsubscribes from events and closes the channel. */
  close(): void;
}

function recoverCallId(data: unknown): number | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  try {
    const d = data as Record<string, unknown>;
    const id = d.id;
    if (d.$ct === 'cryptalk-remote' && d.k === 'call' && Number.isInteger(id) && (id as number) >= 1) {
      return id as number;
    }
  } catch {
    // a hostile getter: no id to answer to
  }
  return undefined;
}

/**
 * Serves `target` over `channel`.
 *
 * @param target - an object with the schema's commands as methods, and `on(event, listener)` for events.
 * @param channel - the host's end of a channel.
 * @param schema - the commands and events to expose; nothing else is reachable.
 * @returns the running host.
 * @throws TypeError when a command or event name in the schema is not a valid remote name.
 * @example
 * serveRemote(client, portChannel(self as unknown as MessagePortLike), clientSchema);
 */
export function serveRemote<C extends CommandMap, E extends EventMap>(
  target: C | (C & EventSourceLike<E>),
  channel: Channel,
  schema: RemoteSchema<C, E>,
  options: ServeRemoteOptions = {},
): RemoteHost {
  for (const name of [...Object.keys(schema.commands), ...schema.events]) {
    if (!isRemoteName(name)) throw new TypeError('invalid remote command or event name in the schema');
  }
  let rejected = 0;
  let invoked = 0;
  let closed = false;
  const reject = (e: RemoteError, id?: number) => {
    rejected++;
    options.onReject?.(e);
    if (id !== undefined && !closed) {
      try {
        channel.send(errMessage(id, serializeError(e)));
      } catch {
        // the channel refused: nothing more to do
      }
    }
  };
  const reply = (id: number, run: () => unknown) => {
    Promise.resolve()
      .then(run)
      .then(
        (value) => {
          assertPlainData(value);
          return okMessage(id, value as PlainData);
        },
        (err: unknown) => errMessage(id, serializeError(err)),
      )
      .catch((err: unknown) => errMessage(id, serializeError(err)))
      .then((msg) => {
        if (closed) return;
        try {
          channel.send(msg);
        } catch (err) {
          channel.send(errMessage(id, serializeError(err)));
        }
      })
      .catch(() => {});
  };
  const onCall = (call: CallMessage) => {
    const check = Object.hasOwn(schema.commands, call.cmd) ? schema.commands[call.cmd] : undefined;
    const method = check ? (target as Record<string, unknown>)[call.cmd] : undefined;
    if (!check || typeof method !== 'function') return reject(RemoteError.unknownCommand(), call.id);
    let ok = false;
    try {
      ok = check(call.args) === true;
    } catch {
      ok = false;
    }
    if (!ok) return reject(RemoteError.badArgs(), call.id);
    invoked++;
    reply(call.id, () => (method as (...a: PlainData[]) => unknown).apply(target, [...call.args]));
  };
  const off = channel.onMessage((data) => {
    if (closed) return;
    let msg: ReturnType<typeof decodeRemoteMessage>;
    try {
      msg = decodeRemoteMessage(data);
    } catch (e) {
      return reject(e as RemoteError, recoverCallId(data));
    }
    if (msg.k !== 'call') return reject(RemoteError.malformed('a host only accepts calls'));
    onCall(msg);
  });
  const unsubscribers: Unsubscribe[] = [];
  const source = target as Partial<EventSourceLike<E>>;
  if (typeof source.on === 'function') {
    for (const name of schema.events) {
      unsubscribers.push(
        source.on(name, (payload) => {
          if (closed) return;
          try {
            assertPlainData(payload);
            channel.send(eventMessage(name, payload as PlainData));
          } catch (e) {
            options.onReject?.(e instanceof RemoteError ? e : RemoteError.notCloneable('event payload'));
          }
        }),
      );
    }
  }
  return {
    get rejected() {
      return rejected;
    },
    get invoked() {
      return invoked;
    },
    close() {
      if (closed) return;
      closed = true;
      off();
      for (const u of unsubscribers) u();
      channel.close();
    },
  };
}
