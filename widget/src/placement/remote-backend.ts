/**
 * A {@link ChatBackend} that runs somewhere else (a Worker, or another frame) and is reached through the
 * SDK's serializable command/event interface. The UI cannot tell it from a local backend.
 *
 * @module
 */
import {
  type Channel,
  type ConnectRemoteOptions,
  connectRemote,
  type ErrorReviver,
  type RemoteClient,
} from '@cryptalk/sdk/remote';
import type {
  BackendCapabilities,
  CallCredentialKind,
  CallCredentialsAnswer,
  CallRoomInfo,
  ChatBackend,
  ChatBackendEvents,
  ChatItem,
  RoomSummary,
} from '../backend/chat-backend.js';
import { WidgetError, type WidgetErrorCode } from '../errors.js';
import { Emitter } from '../internal/emitter.js';
import {
  type BackendCommands,
  type BackendInfo,
  type BackendInit,
  type BackendWireEvents,
  isCallSignalEvent,
} from './backend-schema.js';

const FORWARDED = ['message', 'connection', 'typing', 'timer'] as const;

const WIDGET_CODES: readonly string[] = [
  'WIDGET_UNSUPPORTED',
  'WIDGET_NOT_READY',
  'WIDGET_ATTACHMENT_TOO_LARGE',
] satisfies WidgetErrorCode[];

/** Revives the widget's own errors (the SDK revives its classes itself). */
const reviveWidgetError: ErrorReviver = (w) =>
  w.name === 'WidgetError' && WIDGET_CODES.includes(w.code)
    ? new WidgetError(w.code as WidgetErrorCode, w.message)
    : undefined;

/** The events as this side gets them: the `error` event's payload revived as its class (`errorEvents`). */
type BackendClientEvents = Omit<BackendWireEvents, 'error'> & { error: Error };

/**
 * The client side of the remote backend. Build it with {@link RemoteBackend.connect}, which asks the other
 * side for the synchronous properties (`capabilities`, `userName`) first.
 */
export class RemoteBackend extends Emitter<ChatBackendEvents> implements ChatBackend {
  readonly capabilities: BackendCapabilities;
  readonly userName: string;
  readonly #remote: RemoteClient<BackendCommands, BackendClientEvents>;
  readonly #uploads = new Map<number, (fraction: number) => void>();
  #rooms: RoomSummary[] = [];
  #nextUpload = 1;

  /**
   * Connects to a backend served with {@link serveBackend} on the other end of `channel`.
   * @param channel - the client's end of the channel.
   * @param init - what the other side builds its backend from.
   * @param options - `connectRemote` options (timeouts, `onReject`).
   * @returns the backend, once the other side answered `hello`.
   * @throws RemoteError when the other side does not answer in time.
   */
  static async connect(
    channel: Channel,
    init: BackendInit,
    options: ConnectRemoteOptions = {},
  ): Promise<RemoteBackend> {
    const remote = connectRemote<BackendCommands, BackendClientEvents>(channel, {
      ...options,
      revivers: [reviveWidgetError, ...(options.revivers ?? [])],
      errorEvents: ['error'],
    });
    try {
      return new RemoteBackend(remote, await remote.commands.hello(init));
    } catch (err) {
      remote.close();
      throw err;
    }
  }

  private constructor(remote: RemoteClient<BackendCommands, BackendClientEvents>, info: BackendInfo) {
    super();
    this.#remote = remote;
    this.capabilities = Object.freeze({ ...info.capabilities });
    this.userName = info.userName;
    for (const name of FORWARDED) {
      remote.on(name, (payload) => this.emit(name, payload as ChatBackendEvents[typeof name]));
    }
    // A burst arrives in batches (serveBackend); each message is still its own `message` event, in order.
    remote.on('messages', (items) => {
      if (!Array.isArray(items)) return;
      for (const m of items) this.emit('message', m);
    });
    remote.on('rooms', (rooms) => {
      this.#rooms = rooms;
      this.emit('rooms', rooms);
    });
    remote.on('error', (err) => this.emit('error', err));
    remote.on('progress', ({ upload, fraction }) => this.#uploads.get(upload)?.(fraction));
    remote.on('callSignal', (event) => {
      if (isCallSignalEvent(event)) this.emit('callSignal', event);
    });
  }

  connect(): Promise<void> {
    return this.#remote.commands.connect();
  }

  async join(room: string): Promise<ChatItem[]> {
    const history = await this.#remote.commands.join(room);
    this.#rooms = await this.#remote.commands.rooms();
    return history;
  }

  send(room: string, text: string, options?: { replyTo?: string }): Promise<void> {
    return this.#remote.commands.send(
      room,
      text,
      options?.replyTo ? { replyTo: options.replyTo } : undefined,
    );
  }

  edit(room: string, id: string, text: string): Promise<void> {
    return this.#remote.commands.edit(room, id, text);
  }

  delete(room: string, id: string): Promise<void> {
    return this.#remote.commands.delete(room, id);
  }

  react(room: string, id: string, emoji: string): Promise<void> {
    return this.#remote.commands.react(room, id, emoji);
  }

  typing(room: string, active: boolean): void {
    this.#remote.commands.typing(room, active).catch(() => {});
  }

  markRead(room: string, id: string): void {
    this.#remote.commands.markRead(room, id).catch(() => {});
  }

  async sendAttachment(room: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
    const upload = this.#nextUpload++;
    const bytes = new Uint8Array(await file.arrayBuffer());
    this.#uploads.set(upload, onProgress);
    try {
      await this.#remote.commands.sendAttachment(room, { name: file.name, type: file.type, bytes }, upload);
    } finally {
      this.#uploads.delete(upload);
    }
  }

  setDisappearing(room: string, seconds: number): Promise<void> {
    return this.#remote.commands.setDisappearing(room, seconds);
  }

  inviteLink(room: string): Promise<string> {
    return this.#remote.commands.inviteLink(room);
  }

  safetyNumber(room: string): Promise<string> {
    return this.#remote.commands.safetyNumber(room);
  }

  rooms(): RoomSummary[] {
    return [...this.#rooms];
  }

  callRoom(room: string): Promise<CallRoomInfo> {
    return this.#remote.commands.callRoom(room);
  }

  callSignal(room: string, payload: string): void {
    this.#remote.commands.callSignal(room, payload).catch(() => {});
  }

  callCredentials(room: string, kind: CallCredentialKind): Promise<CallCredentialsAnswer> {
    return this.#remote.commands.callCredentials(room, kind);
  }

  callMediaSecret(room: string): Promise<Uint8Array> {
    return this.#remote.commands.callMediaSecret(room);
  }

  /**
   * Closes the backend on the other side, then this end of the channel.
   * @returns resolves once the other side closed its backend, or did not answer within the call timeout (the
   *   channel is closed either way); callers that only close may ignore it, as {@link ChatBackend.close} does.
   */
  close(): Promise<void> {
    const closeRemote = () => this.#remote.close();
    return this.#remote.commands.close().then(closeRemote, closeRemote);
  }
}
