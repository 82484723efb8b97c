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
import type { ChatBackend, ChatBackendEvents } from '../backend/chat-backend.js';
import { WidgetError } from '../errors.js';
import { Emitter, type Off } from '../internal/emitter.js';
import {
  BACKEND_SCHEMA,
  type BackendCommands,
  type BackendInfo,
  type BackendInit,
  type BackendWireEvents,
  type WireFile,
} from './backend-schema.js';

/** A backend, or how to build one from the caller's {@link BackendInit} (called once, on `hello`). */
export type BackendSource = ChatBackend | ((init: BackendInit) => ChatBackend);

class WireEvents extends Emitter<BackendWireEvents> {
  fire<K extends keyof BackendWireEvents>(event: K, payload: BackendWireEvents[K]): void {
    this.emit(event, payload);
  }
}

const FORWARDED = ['message', 'connection', 'typing', 'rooms', 'timer', 'callSignal'] as const;

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
  const offs: Off[] = [];
  let backend: ChatBackend | undefined;
  const need = (): ChatBackend => {
    if (!backend) throw new TypeError('the remote backend was not initialised with hello');
    return backend;
  };
  const target: BackendCommands & { on: WireEvents['on'] } = {
    hello(init: BackendInit): BackendInfo {
      if (!backend) {
        backend = typeof source === 'function' ? source(init ?? { relay: '', inviteBase: '' }) : source;
        for (const name of FORWARDED) {
          offs.push(
            backend.on(name, (payload: ChatBackendEvents[typeof name]) =>
              events.fire(name, payload as never),
            ),
          );
        }
        offs.push(backend.on('error', (err) => events.fire('error', serializeError(err))));
      }
      return { capabilities: { ...backend.capabilities }, userName: backend.userName };
    },
    connect: () => need().connect(),
    join: (room) => need().join(room),
    send: (room, text, opts) => need().send(room, text, opts?.replyTo ? { replyTo: opts.replyTo } : {}),
    edit: (room, id, text) => need().edit(room, id, text),
    delete: (room, id) => need().delete(room, id),
    react: (room, id, emoji) => need().react(room, id, emoji),
    typing: (room, active) => need().typing(room, active),
    markRead: (room, id) => need().markRead(room, id),
    sendAttachment: (room, file: WireFile, upload) =>
      need().sendAttachment(
        room,
        new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type }),
        (fraction) => events.fire('progress', { upload, fraction }),
      ),
    setDisappearing: (room, seconds) => need().setDisappearing(room, seconds),
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
      for (const off of offs.splice(0)) off();
      host.close();
      backend?.close();
    },
  };
}
