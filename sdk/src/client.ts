import { TypedEmitter } from './emitter.js';
import { ClientError } from './errors.js';
import type { ChatMessage, ClientEvents, ConnectionState } from './events.js';
import {
  type ClientFrame,
  fromBase64url,
  PROTOCOL_VERSION,
  randomId,
  type ServerFrame,
  toBase64url,
} from './protocol/index.js';
import { Room } from './rooms/index.js';
import { Connection, type WebSocketConstructor } from './transport/index.js';

/** Options of {@link CrypTalkClient}. */
export interface CrypTalkClientOptions {
  /** The relay's WebSocket URL, e.g. `ws://127.0.0.1:8787`. */
  relay: string;
  /**
   * The WebSocket implementation. Defaults to `globalThis.WebSocket` (browsers, Workers, Node ≥ 22);
   * pass the `ws` package on Node 20.
   */
  WebSocket?: WebSocketConstructor;
}

interface Pending<T> {
  resolve(value: T): void;
  reject(err: Error): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The CrypTalk client: connects to a relay, joins rooms, sends and receives messages, and emits typed
 * events. The one entry point of the SDK.
 *
 * @example
 * ```ts
 * const client = new CrypTalkClient({ relay: 'ws://127.0.0.1:8787' });
 * await client.connect();
 * const room = await client.join(roomId);
 * client.on('message', (m) => console.log(m.text));
 * await room.send('hello');
 * ```
 */
export class CrypTalkClient extends TypedEmitter<ClientEvents> {
  private connection: Connection | undefined;
  private state: ConnectionState = 'disconnected';
  private readonly rooms = new Map<string, Room>();
  private readonly pendingJoins = new Map<string, Pending<Room>>();
  private readonly pendingAcks = new Map<string, Pending<number>>();
  private readonly sent = new Set<string>();
  private nextRid = 0;

  /** @param options - see {@link CrypTalkClientOptions}. */
  constructor(private readonly options: CrypTalkClientOptions) {
    super((err) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
  }

  /** The connection's state. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /**
   * Connects to the relay.
   * @throws ClientError `CLIENT_CONNECT_FAILED` or `CLIENT_NO_WEBSOCKET`.
   */
  async connect(): Promise<void> {
    if (this.connection?.isOpen) return;
    const Ctor =
      this.options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (!Ctor) throw ClientError.noWebSocket();
    this.setState('connecting');
    try {
      this.connection = await Connection.open(this.options.relay, Ctor, {
        onFrame: (frame) => this.onFrame(frame),
        onBadFrame: (err) => this.emit('error', err),
        onClose: (code, reason) => this.onClose(code, reason),
      });
    } catch (err) {
      this.setState('disconnected');
      throw err;
    }
    this.setState('connected');
  }

  /**
   * Joins a room and starts receiving its messages.
   * @param roomId - the room's id (base64url, at least 128 bits).
   */
  join(roomId: string): Promise<Room> {
    const existing = this.rooms.get(roomId);
    if (existing) return Promise.resolve(existing);
    return new Promise<Room>((resolve, reject) => {
      const rid = this.rid();
      this.pendingJoins.set(rid, { resolve, reject });
      this.sendFrame({ v: PROTOCOL_VERSION, t: 'join', room: roomId, rid }, rid, this.pendingJoins);
    });
  }

  /** Closes the connection; rooms must be joined again after the next {@link connect}. */
  close(): void {
    this.connection?.close();
  }

  private rid(): string {
    return (this.nextRid++).toString(36);
  }

  private sendFrame<T>(frame: ClientFrame, rid: string, pending: Map<string, Pending<T>>): void {
    try {
      if (!this.connection) throw ClientError.notConnected();
      this.connection.send(frame);
    } catch (err) {
      pending.get(rid)?.reject(err as Error);
      pending.delete(rid);
    }
  }

  private publish(room: string, text: string): Promise<ChatMessage> {
    const msgId = randomId();
    const sentAt = Date.now();
    const ct = toBase64url(encoder.encode(JSON.stringify({ text, sentAt })));
    return new Promise<number>((resolve, reject) => {
      this.pendingAcks.set(msgId, { resolve, reject });
      this.sent.add(msgId);
      this.sendFrame(
        { v: PROTOCOL_VERSION, t: 'publish', room, msgId, epoch: 0, ct },
        msgId,
        this.pendingAcks,
      );
    }).then((offset) => ({ room, msgId, offset, text, sentAt, own: true }));
  }

  private async leave(room: string): Promise<void> {
    this.rooms.delete(room);
    if (this.connection?.isOpen) this.connection.send({ v: PROTOCOL_VERSION, t: 'leave', room });
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.t) {
      case 'joined': {
        const pending = frame.rid ? this.pendingJoins.get(frame.rid) : undefined;
        if (!pending || !frame.rid) return;
        this.pendingJoins.delete(frame.rid);
        const room = new Room(frame.room, {
          publish: (id, text) => this.publish(id, text),
          leave: (id) => this.leave(id),
        });
        this.rooms.set(frame.room, room);
        pending.resolve(room);
        return;
      }
      case 'ack': {
        this.pendingAcks.get(frame.msgId)?.resolve(frame.offset);
        this.pendingAcks.delete(frame.msgId);
        return;
      }
      case 'deliver': {
        const { env } = frame;
        if (!this.rooms.has(env.room)) return;
        let body: { text: string; sentAt: number };
        try {
          body = JSON.parse(decoder.decode(fromBase64url(env.ct, 'ct')));
          if (typeof body.text !== 'string' || typeof body.sentAt !== 'number') throw new TypeError('body');
        } catch (err) {
          this.emit('error', ClientError.badFrame(err));
          return;
        }
        const own = this.sent.delete(env.msgId);
        this.emit('message', { room: env.room, msgId: env.msgId, offset: env.offset, ...body, own });
        return;
      }
      case 'error': {
        const err = ClientError.relay(frame.code, frame.message);
        const pending = frame.rid
          ? (this.pendingJoins.get(frame.rid) ?? this.pendingAcks.get(frame.rid))
          : undefined;
        if (pending && frame.rid) {
          this.pendingJoins.delete(frame.rid);
          this.pendingAcks.delete(frame.rid);
          pending.reject(err);
        } else {
          this.emit('error', err);
        }
        return;
      }
      case 'left':
        return;
    }
  }

  private onClose(code: number, reason: string): void {
    this.connection = undefined;
    this.rooms.clear();
    const err = ClientError.notConnected();
    for (const p of this.pendingJoins.values()) p.reject(err);
    for (const p of this.pendingAcks.values()) p.reject(err);
    this.pendingJoins.clear();
    this.pendingAcks.clear();
    this.setState('disconnected', code, reason);
  }

  private setState(state: ConnectionState, code?: number, reason?: string): void {
    this.state = state;
    this.emit('connection', {
      state,
      ...(code === undefined ? {} : { code }),
      ...(reason ? { reason } : {}),
    });
  }
}
