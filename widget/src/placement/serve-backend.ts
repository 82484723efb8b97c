/**
 * The serving side of the remote backend: wraps any {@link ChatBackend} (the `ClientBackend` in production)
 * with `serveRemote`, so a {@link RemoteBackend} elsewhere (the page, when this runs in a Worker) drives it.
 *
 * @module
 */
import {
  type Channel,
  type RemoteHost,
  type ServeRemoteOptions,
  serializeError,
  serveRemote,
} from '@cryptalk/sdk/remote';
import type { ChatBackend, ChatBackendEvents, ChatItem } from '../backend/chat-backend.js';
import { WidgetError } from '../errors.js';
import { Emitter, type Off } from '../internal/emitter.js';
import { REMOTE_MESSAGE_BATCH_MAX, REMOTE_MESSAGE_BATCH_MS } from '../limits.js';
import {
  BACKEND_SCHEMA,
  type BackendCommands,
  type BackendInfo,
  type BackendInit,
  type BackendWireEvents,
  type WireFile,
} from './backend-schema.js';

/**
 * A backend, or how to build one from the caller's {@link BackendInit} (called once, on `hello`; it may
 * resolve later, e.g. after loading the backend's code, and `hello` answers once it did).
 */
export type BackendSource = ChatBackend | ((init: BackendInit) => ChatBackend | Promise<ChatBackend>);

class WireEvents extends Emitter<BackendWireEvents> {
  fire<K extends keyof BackendWireEvents>(event: K, payload: BackendWireEvents[K]): void {
    this.emit(event, payload);
  }
}

/** Events forwarded one by one; `message` travels in batches (`messages`), see {@link MessageBatcher}. */
const FORWARDED = ['connection', 'typing', 'rooms', 'timer', 'callSignal'] as const;

/**
 * Gathers the backend's `message` events into `messages` batches: at most {@link REMOTE_MESSAGE_BATCH_MAX}
 * per batch, posted at most {@link REMOTE_MESSAGE_BATCH_MS} after the first, so a burst of 1,000 reaches
 * the page in about fifty small messages rather than a thousand (issue #9). Messages keep their order, and a
 * command's answer waits until the messages it caused (the user's own, from `send`) went out. Other events
 * (typing, rooms, call signals…) are not held back: none of them depends on the order of messages.
 */
class MessageBatcher {
  #items: ChatItem[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly post: (items: ChatItem[]) => void) {}

  push(item: ChatItem): void {
    this.#items.push(item);
    if (this.#items.length >= REMOTE_MESSAGE_BATCH_MAX) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), REMOTE_MESSAGE_BATCH_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#items.length) return;
    const items = this.#items;
    this.#items = [];
    this.post(items);
  }
}

/** The backend's optional call member, or `WIDGET_UNSUPPORTED` when it has none. */
function callMember<K extends 'callRoom' | 'callSignal' | 'callCredentials' | 'callMediaSecret'>(
  backend: ChatBackend,
  name: K,
): NonNullable<ChatBackend[K]> {
  const fn = backend[name];
  if (typeof fn !== 'function') throw WidgetError.unsupported('calls');
  return fn.bind(backend) as NonNullable<ChatBackend[K]>;
}

/**
 * Serves a chat backend over `channel`. The backend is built on the first `hello` (so a Worker can learn
 * the relay's URL from the page); every other command before it fails.
 *
 * @param channel - the serving end (e.g. `portChannel(self)` inside a Worker).
 * @param source - the backend, or a factory called with the page's {@link BackendInit}.
 * @param options - passed to `serveRemote` (e.g. `onReject` to count refused messages).
 * @returns the running host; closing it closes the backend too.
 * @example
 * serveBackend(portChannel(self as unknown as MessagePortLike), (init) => new ClientBackend(init));
 */
export function serveBackend(
  channel: Channel,
  source: BackendSource,
  options: ServeRemoteOptions = {},
): RemoteHost {
  const events = new WireEvents();
  const batch = new MessageBatcher((items) => events.fire('messages', items));
  const offs: Off[] = [];
  let backend: ChatBackend | undefined;
  /** The backend a factory is still building (its promise), so a second `hello` waits for the same one. */
  let building: Promise<ChatBackend> | undefined;
  let closed = false;
  const need = (): ChatBackend => {
    if (!backend) throw new TypeError('the remote backend was not initialised with hello');
    return backend;
  };
  /** A command's result, after the messages it caused (e.g. the user's own, from `send`) went out. */
  const settled = async <T>(result: Promise<T>): Promise<T> => {
    try {
      return await result;
    } finally {
      batch.flush();
    }
  };
  /** Makes `b` the served backend and forwards its events. */
  const attach = (b: ChatBackend): ChatBackend => {
    backend = b;
    offs.push(b.on('message', (m) => batch.push(m)));
    for (const name of FORWARDED) {
      offs.push(b.on(name, (payload: ChatBackendEvents[typeof name]) => events.fire(name, payload as never)));
    }
    offs.push(b.on('error', (err) => events.fire('error', serializeError(err))));
    return b;
  };
  const target: BackendCommands & { on: WireEvents['on'] } = {
    hello(init: BackendInit): BackendInfo | Promise<BackendInfo> {
      const info = (b: ChatBackend): BackendInfo => ({
        capabilities: { ...b.capabilities },
        userName: b.userName,
      });
      if (backend) return info(backend);
      if (building) return building.then(info);
      const made = typeof source === 'function' ? source(init ?? { relay: '', inviteBase: '' }) : source;
      if (!(made instanceof Promise)) return info(attach(made));
      building = made.then(
        (b) => {
          if (closed) {
            b.close();
            throw new TypeError('the remote backend was closed');
          }
          return attach(b);
        },
        (err: unknown) => {
          building = undefined;
          throw err;
        },
      );
      return building.then(info);
    },
    connect: () => settled(need().connect()),
    join: (room) => settled(need().join(room)),
    send: (room, text, opts) =>
      settled(need().send(room, text, opts?.replyTo ? { replyTo: opts.replyTo } : {})),
    edit: (room, id, text) => settled(need().edit(room, id, text)),
    delete: (room, id) => settled(need().delete(room, id)),
    react: (room, id, emoji) => settled(need().react(room, id, emoji)),
    typing: (room, active) => need().typing(room, active),
    markRead: (room, id) => need().markRead(room, id),
    sendAttachment: (room, file: WireFile, upload) =>
      settled(
        need().sendAttachment(
          room,
          new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }),
          (fraction) => events.fire('progress', { upload, fraction }),
        ),
      ),
    setDisappearing: (room, seconds) => settled(need().setDisappearing(room, seconds)),
    inviteLink: (room) => need().inviteLink(room),
    safetyNumber: (room) => need().safetyNumber(room),
    rooms: () => need().rooms(),
    close: () => backend?.close(),
    callRoom: (room) => callMember(need(), 'callRoom')(room),
    callSignal: (room, payload) => callMember(need(), 'callSignal')(room, payload),
    callCredentials: (room, kind) => callMember(need(), 'callCredentials')(room, kind),
    callMediaSecret: (room) => callMember(need(), 'callMediaSecret')(room),
    on: (event, listener) => events.on(event, listener),
  };
  const host = serveRemote(target, channel, BACKEND_SCHEMA, options);
  return {
    get rejected() {
      return host.rejected;
    },
    get invoked() {
      return host.invoked;
    },
    close() {
      closed = true;
      for (const off of offs.splice(0)) off();
      batch.flush();
      host.close();
      backend?.close();
    },
  };
}
