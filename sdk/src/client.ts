import { TypedEmitter } from './emitter.js';
import { ClientError } from './errors.js';
import type { ChatMessage, ClientEvents, ConnectionState } from './events.js';
import {
  type ChallengeFrame,
  type ClientFrame,
  fromBase64url,
  type JoinFrame,
  PROTOCOL_VERSION,
  randomId,
  type ServerFrame,
  toBase64url,
} from './protocol/index.js';
import { Room } from './rooms/index.js';
import { Connection, RoomAuth, type WebSocketConstructor } from './transport/index.js';

/** Options of {@link CrypTalkClient}. */
export interface CrypTalkClientOptions {
  /** The relay's WebSocket URL, e.g. `ws://127.0.0.1:8787`. */
  relay: string;
  /**
   * The WebSocket implementation. Defaults to `globalThis.WebSocket` (browsers, Workers, Node ≥ 22);
   * pass the `ws` package on Node 20.
   */
  WebSocket?: WebSocketConstructor;
  /**
   * The device secret (≥ 32 bytes) from which a pseudonymous key per room is derived to prove membership to
   * the relay. Defaults to a fresh random secret per client instance.
   */
  deviceSecret?: Uint8Array;
}

/** Where the client is in a room's history, so a later join can resume instead of starting over. */
interface RoomCursor {
  epoch: string;
  next: number;
}

/** Mailbox receipts are batched for this long, in ms. */
const RECV_DELAY_MS = 200;

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
  private readonly pendingChallenges = new Map<string, Pending<ChallengeFrame>>();
  private readonly cursors = new Map<string, RoomCursor>();
  private readonly recvTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private spareChallenge: ChallengeFrame | undefined;
  private firstChallenge: Pending<ChallengeFrame> | undefined;
  private readonly deviceSecret: Uint8Array;
  private auth: RoomAuth | undefined;
  private nextRid = 0;

  /** @param options - see {@link CrypTalkClientOptions}. */
  constructor(private readonly options: CrypTalkClientOptions) {
    super((err) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
    this.deviceSecret = options.deviceSecret ?? globalThis.crypto.getRandomValues(new Uint8Array(32));
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
    this.spareChallenge = undefined;
    this.auth?.destroy();
    this.auth = new RoomAuth(this.deviceSecret, new URL(this.options.relay).origin);
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
   * Joins a room and starts receiving its messages. The join carries a proof of possession of the room's
   * pseudonymous key over a fresh relay challenge; if this client was in the room before (on an earlier
   * connection), it asks the relay to resume after the last offset it saw.
   * @param roomId - the room's id (base64url, at least 128 bits).
   */
  async join(roomId: string): Promise<Room> {
    const existing = this.rooms.get(roomId);
    if (existing) return existing;
    const challenge = await this.challenge();
    const auth = this.auth;
    if (!auth) throw ClientError.notConnected();
    return new Promise<Room>((resolve, reject) => {
      const rid = this.rid();
      this.pendingJoins.set(rid, { resolve, reject });
      const frame: JoinFrame = { v: PROTOCOL_VERSION, t: 'join', room: roomId, rid };
      frame.proof = auth.prove(roomId, challenge);
      const cursor = this.cursors.get(roomId);
      if (cursor) frame.resume = { epoch: cursor.epoch, offset: cursor.next };
      this.sendFrame(frame, rid, this.pendingJoins);
    });
  }

  /** Closes the connection; rooms must be joined again after the next {@link connect} (they resume). */
  close(): void {
    this.connection?.close();
  }

  /** A fresh one-use challenge: the one the relay sent on connect, or one asked for. */
  private challenge(): Promise<ChallengeFrame> {
    const spare = this.spareChallenge;
    if (spare) {
      this.spareChallenge = undefined;
      return Promise.resolve(spare);
    }
    if (!this.connection) return Promise.reject(ClientError.notConnected());
    if (this.firstChallenge === undefined && this.pendingChallenges.size === 0 && !this.askedOnce) {
      // The relay sends one unasked right after the upgrade; wait for it rather than asking for another.
      this.askedOnce = true;
      return new Promise((resolve, reject) => {
        this.firstChallenge = { resolve, reject };
      });
    }
    return new Promise<ChallengeFrame>((resolve, reject) => {
      const rid = this.rid();
      this.pendingChallenges.set(rid, { resolve, reject });
      this.sendFrame({ v: PROTOCOL_VERSION, t: 'challenge', rid }, rid, this.pendingChallenges);
    });
  }

  private askedOnce = false;

  /** Tells the relay (batched) that everything up to the room's latest offset arrived: its mailbox empties. */
  private scheduleRecv(room: string): void {
    if (this.recvTimers.has(room)) return;
    this.recvTimers.set(
      room,
      setTimeout(() => {
        this.recvTimers.delete(room);
        const cursor = this.cursors.get(room);
        if (!cursor || cursor.next === 0 || !this.rooms.has(room) || !this.connection?.isOpen) return;
        this.connection.send({ v: PROTOCOL_VERSION, t: 'recv', room, offset: cursor.next - 1 });
      }, RECV_DELAY_MS),
    );
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
      case 'challenge': {
        const pending = frame.rid ? this.pendingChallenges.get(frame.rid) : this.firstChallenge;
        if (frame.rid) this.pendingChallenges.delete(frame.rid);
        else this.firstChallenge = undefined;
        if (pending) pending.resolve(frame);
        else if (!frame.rid) this.spareChallenge = frame;
        return;
      }
      case 'joined': {
        const pending = frame.rid ? this.pendingJoins.get(frame.rid) : undefined;
        if (!pending || !frame.rid) return;
        this.pendingJoins.delete(frame.rid);
        const cursor = this.cursors.get(frame.room);
        if (!cursor || cursor.epoch !== frame.epoch || frame.recovered === false) {
          this.cursors.set(frame.room, { epoch: frame.epoch, next: frame.from });
        }
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
        const cursor = this.cursors.get(env.room);
        if (cursor) {
          if (env.offset < cursor.next) return; // already seen (at-least-once delivery)
          cursor.next = env.offset + 1;
          this.scheduleRecv(env.room);
        }
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
          ? (this.pendingJoins.get(frame.rid) ??
            this.pendingAcks.get(frame.rid) ??
            this.pendingChallenges.get(frame.rid))
          : undefined;
        if (pending && frame.rid) {
          this.pendingJoins.delete(frame.rid);
          this.pendingAcks.delete(frame.rid);
          this.pendingChallenges.delete(frame.rid);
          pending.reject(err);
        } else {
          this.emit('error', err);
        }
        return;
      }
      case 'destroyed':
        this.rooms.delete(frame.room);
        this.cursors.delete(frame.room);
        return;
      case 'left':
      case 'drained':
      case 'authed':
      case 'signal':
      case 'keys':
      case 'keys.stored':
        return;
    }
  }

  private onClose(code: number, reason: string): void {
    this.connection = undefined;
    this.rooms.clear();
    const err = ClientError.notConnected();
    for (const p of this.pendingJoins.values()) p.reject(err);
    for (const p of this.pendingAcks.values()) p.reject(err);
    for (const p of this.pendingChallenges.values()) p.reject(err);
    this.firstChallenge?.reject(err);
    this.firstChallenge = undefined;
    this.askedOnce = false;
    this.spareChallenge = undefined;
    for (const t of this.recvTimers.values()) clearTimeout(t);
    this.recvTimers.clear();
    this.pendingJoins.clear();
    this.pendingAcks.clear();
    this.pendingChallenges.clear();
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
