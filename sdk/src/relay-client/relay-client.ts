import { proveChallengeAsync, type RoomAuthKey } from '../crypto/auth/index.js';
import { ClientError } from '../errors.js';
import {
  type ChallengeFrame,
  type ClientFrame,
  type Envelope,
  fromBase64url,
  type JoinedFrame,
  type JoinFrame,
  type KeyKind,
  type KeysFrame,
  type KeysStoredFrame,
  PROTOCOL_VERSION,
  type Proof,
  type ResumePoint,
  type ServerFrame,
  toBase64url,
} from '../protocol/index.js';
import { Connection, type WebSocketConstructor } from '../transport/index.js';

/** What a {@link RelayClient} reports to its owner. */
export interface RelayClientHandlers {
  /** An envelope of a joined room (backlog first, then live), in the relay's offset order. */
  onDeliver(env: Envelope): void;
  /** A room was destroyed by its owner. */
  onDestroyed(room: string): void;
  /** The socket closed. */
  onClose(code: number, reason: string): void;
  /** A frame that answers no request (an unsolicited relay error, a malformed frame). */
  onError(err: Error): void;
  /** An ephemeral signal of another member of a joined room (typing): ciphertext, never stored by the relay. */
  onSignal?(room: string, data: Uint8Array): void;
}

/** The challenge the relay sends unasked on connect is used only this fresh, in ms (relays expire them). */
const SPARE_CHALLENGE_MAX_AGE_MS = 10_000;

interface Pending {
  resolve(frame: ServerFrame): void;
  reject(err: Error): void;
}

/**
 * One authenticated conversation with a relay at the frame level: request ids, one-use challenges, proofs of
 * possession of pseudonymous keys, joins, publishes with their acks, mailbox receipts and the key directory.
 * It knows nothing of encryption: every `ct` it carries is already ciphertext.
 */
export class RelayClient {
  private readonly pending = new Map<string, Pending>();
  private readonly acks = new Map<string, Pending>();
  private spare: { frame: ChallengeFrame; at: number } | undefined;
  private nextRid = 0;

  private constructor(
    private readonly origin: string,
    private readonly handlers: RelayClientHandlers,
  ) {}

  private connection: Connection | undefined;

  /**
   * Opens a connection to `url`.
   * @throws ClientError `CLIENT_CONNECT_FAILED`.
   */
  static async connect(
    url: string,
    Ctor: WebSocketConstructor,
    handlers: RelayClientHandlers,
  ): Promise<RelayClient> {
    const client = new RelayClient(new URL(url).origin, handlers);
    client.connection = await Connection.open(url, Ctor, {
      onFrame: (frame) => client.onFrame(frame),
      onBadFrame: (err) => handlers.onError(err),
      onClose: (code, reason) => client.onClose(code, reason),
    });
    return client;
  }

  /** Whether the socket is open. */
  get isOpen(): boolean {
    return this.connection?.isOpen === true;
  }

  /**
   * A proof of possession of `key` over a fresh one-use challenge, signed by the platform's Ed25519 where it
   * has one (WebCrypto in browsers; noble otherwise): the same bytes either way.
   */
  async prove(key: RoomAuthKey): Promise<Proof> {
    const ch = await this.challenge();
    const sig = await proveChallengeAsync(key, {
      origin: this.origin,
      connId: ch.connId,
      nonce: fromBase64url(ch.nonce, 'nonce'),
      issuedAt: ch.issuedAt,
    });
    return { nonce: ch.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
  }

  /**
   * Joins `room` with a proof of its pseudonymous key. Envelopes of the backlog follow through
   * {@link RelayClientHandlers.onDeliver}; register the room's handler before calling this.
   */
  async join(room: string, key: RoomAuthKey, options: { resume?: ResumePoint; ttl?: number } = {}) {
    const frame: JoinFrame = { v: PROTOCOL_VERSION, t: 'join', room, proof: await this.prove(key) };
    if (options.resume) frame.resume = options.resume;
    if (options.ttl !== undefined) frame.ttl = options.ttl;
    return (await this.request(frame)) as JoinedFrame;
  }

  /**
   * Publishes a ciphertext.
   * @param hs - an MLS handshake message (ordered against the room's group epoch).
   * @param ttl - seconds after which the relay stops delivering it and erases it (a disappearing message).
   * @returns the offset the relay stored it at.
   * @throws ClientError `CLIENT_RELAY_ERROR` (e.g. a stale MLS epoch for a handshake message).
   */
  async publish(
    room: string,
    msgId: string,
    epoch: number,
    ct: Uint8Array,
    hs = false,
    ttl?: number,
  ): Promise<number> {
    const rid = this.rid();
    const frame: ClientFrame = {
      v: PROTOCOL_VERSION,
      t: 'publish',
      room,
      msgId,
      epoch,
      ct: toBase64url(ct),
      rid,
    };
    if (hs) frame.hs = true;
    if (ttl !== undefined && frame.t === 'publish') frame.ttl = ttl;
    const ack = new Promise<ServerFrame>((resolve, reject) => {
      const p = { resolve, reject };
      this.acks.set(msgId, p);
      this.pending.set(rid, p);
    });
    try {
      this.send(frame);
    } catch (err) {
      this.acks.delete(msgId);
      this.pending.delete(rid);
      throw err;
    }
    const reply = await ack;
    return reply.t === 'ack' ? reply.offset : 0;
  }

  /** Mailbox receipt: every envelope of `room` up to `offset` arrived. */
  recv(room: string, offset: number): void {
    if (this.isOpen) this.send({ v: PROTOCOL_VERSION, t: 'recv', room, offset });
  }

  /** Sends an ephemeral signal (ciphertext) to the room's other members; dropped when not connected. */
  signal(room: string, data: Uint8Array): void {
    if (this.isOpen) this.send({ v: PROTOCOL_VERSION, t: 'signal', room, data: toBase64url(data) });
  }

  /** Leaves a room (no more deliveries; the mailbox keeps collecting). */
  async leave(room: string): Promise<void> {
    await this.request({ v: PROTOCOL_VERSION, t: 'leave', room });
  }

  /** Destroys a room (only its creator's key may). */
  async destroy(room: string): Promise<void> {
    await this.request({ v: PROTOCOL_VERSION, t: 'destroy', room });
  }

  /** Publishes directory items under `key` (the owner). */
  async putKeys(
    key: RoomAuthKey,
    items: { bundle?: Uint8Array; otks?: Uint8Array[]; kps?: Uint8Array[] },
  ): Promise<KeysStoredFrame> {
    const frame: ClientFrame = { v: PROTOCOL_VERSION, t: 'keys.put', proof: await this.prove(key) };
    if (items.bundle) frame.bundle = toBase64url(items.bundle);
    if (items.otks) frame.otks = items.otks.map(toBase64url);
    if (items.kps) frame.kps = items.kps.map(toBase64url);
    return (await this.request(frame)) as KeysStoredFrame;
  }

  /** Fetches an owner's prekey bundle (with one one-time prekey) or one key package (each handed out once). */
  async getKeys(owner: string, kind: KeyKind): Promise<KeysFrame> {
    return (await this.request({ v: PROTOCOL_VERSION, t: 'keys.get', owner, kind })) as KeysFrame;
  }

  /** Closes the socket. */
  close(): void {
    this.connection?.close();
  }

  private challenge(): Promise<ChallengeFrame> {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && Date.now() - spare.at < SPARE_CHALLENGE_MAX_AGE_MS) return Promise.resolve(spare.frame);
    return this.request({ v: PROTOCOL_VERSION, t: 'challenge' }) as Promise<ChallengeFrame>;
  }

  private request(frame: ClientFrame): Promise<ServerFrame> {
    const rid = this.rid();
    return new Promise<ServerFrame>((resolve, reject) => {
      this.pending.set(rid, { resolve, reject });
      try {
        this.send({ ...frame, rid });
      } catch (err) {
        this.pending.delete(rid);
        reject(err as Error);
      }
    });
  }

  private send(frame: ClientFrame): void {
    if (!this.connection) throw ClientError.notConnected();
    this.connection.send(frame);
  }

  private rid(): string {
    return (this.nextRid++).toString(36);
  }

  private settle(rid: string | undefined, frame: ServerFrame): boolean {
    if (rid === undefined) return false;
    const p = this.pending.get(rid);
    if (!p) return false;
    this.pending.delete(rid);
    if (frame.t === 'error') p.reject(ClientError.relay(frame.code, frame.message));
    else p.resolve(frame);
    return true;
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.t) {
      case 'challenge':
        if (!this.settle(frame.rid, frame)) this.spare = { frame, at: Date.now() };
        return;
      case 'ack': {
        const p = this.acks.get(frame.msgId);
        this.acks.delete(frame.msgId);
        if (frame.rid !== undefined) this.pending.delete(frame.rid);
        p?.resolve(frame);
        return;
      }
      case 'error': {
        if (frame.rid !== undefined) {
          for (const [msgId, p] of this.acks) {
            if (p === this.pending.get(frame.rid)) this.acks.delete(msgId);
          }
        }
        if (!this.settle(frame.rid, frame))
          this.handlers.onError(ClientError.relay(frame.code, frame.message));
        return;
      }
      case 'deliver':
        this.handlers.onDeliver(frame.env);
        return;
      case 'destroyed':
        if (!this.settle(frame.rid, frame)) this.handlers.onDestroyed(frame.room);
        return;
      case 'signal': {
        if (!this.handlers.onSignal) return;
        let data: Uint8Array;
        try {
          data = fromBase64url(frame.data, 'data');
        } catch (err) {
          this.handlers.onError(ClientError.badFrame(err));
          return;
        }
        this.handlers.onSignal(frame.room, data);
        return;
      }
      case 'drained':
        return;
      default:
        this.settle(frame.rid, frame);
    }
  }

  private onClose(code: number, reason: string): void {
    this.connection = undefined;
    const err = ClientError.notConnected();
    for (const p of this.pending.values()) p.reject(err);
    for (const p of this.acks.values()) p.reject(err);
    this.pending.clear();
    this.acks.clear();
    this.handlers.onClose(code, reason);
  }
}
