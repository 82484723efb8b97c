/**
 * The offline outbox: every message to send is first written to the encrypted store, then sent in enqueue order
 * while connected, and removed only when the relay acks it. After a disconnect, a reconnect or a crash and a
 * restart from the store, everything not acked is sent again in order; the relay dedupes by `msgId` (and
 * answers a duplicate with the original offset), so nothing is lost and nothing is stored twice.
 *
 * State machine (per message): `queued` → (send) → `in flight` → (ack) → removed; `in flight` → (disconnect,
 * transient refusal) → `queued`; `in flight` → (permanent refusal) → removed with a `failed` event. Every
 * transition runs under one lock, so the store and the in-memory view never disagree.
 *
 * Ordering: with `maxInFlight: 1` the relay stores a room's messages exactly in enqueue order. With a larger
 * window (the default), the order holds unless the relay refuses one message and accepts a later one (a rate
 * limit): the refused one is resent after a backoff and gets a later offset. Receivers order by offset.
 *
 * @module
 */
import { TypedEmitter } from '../emitter.js';
import {
  MAX_CIPHERTEXT_BYTES,
  MSG_ID_LENGTH,
  ROOM_ID_MAX_LENGTH,
  ROOM_ID_MIN_LENGTH,
} from '../protocol/limits.js';
import type { QueuedOutboxRecord, StoreScope } from '../store/index.js';
import { Backoff, type Clock, SYSTEM_CLOCK } from '../transport/index.js';
import { OutboxError } from './errors.js';
import { OUTBOX_MAX_IN_FLIGHT, OUTBOX_MAX_QUEUED, OUTBOX_RETRY_BASE_MS } from './limits.js';
import type { OutboxAck, OutboxEvents, OutboxTransport } from './types.js';

const ID_RE = /^[A-Za-z0-9_-]+$/;

/** Options of an {@link Outbox}. */
export interface OutboxOptions {
  /** Where the queue lives: the store (its `outbox` table; every record sealed at rest). */
  readonly store: Pick<StoreScope, 'outbox'>;
  /** How messages reach the relay. */
  readonly transport: OutboxTransport;
  /** Messages in flight at once. @default 32 */
  readonly maxInFlight?: number;
  /** Messages held at most. @default 10000 */
  readonly maxQueued?: number;
  /** Backoff after a transient refusal. @default 1 s base, 30 s cap, full jitter */
  readonly backoff?: Backoff;
  /** Timers. @default the platform's */
  readonly clock?: Clock;
  /** Current time, ms. @default Date.now */
  readonly now?: () => number;
  /** Called with errors of the background pump (store failures); they never throw into the caller. */
  readonly onError?: (err: unknown) => void;
}

/**
 * A persistent, ordered, at-least-once outbox with relay-side dedupe.
 *
 * @example
 * ```ts
 * const outbox = new Outbox({ store, transport: { send: (r) => conn.send(publishFrame(r)) } });
 * await outbox.enqueue(roomId, msgId, ciphertext);   // stored first, sent when connected
 * conn.on('ack', (a) => outbox.ack(a));              // removed on ack
 * conn.on('open', () => outbox.connected());         // resends everything not acked, in order
 * conn.on('close', () => outbox.disconnected());
 * ```
 */
export class Outbox extends TypedEmitter<OutboxEvents> {
  private readonly inFlight = new Set<string>();
  private isConnected = false;
  private paused = false;
  private closed = false;
  private retryTimer: unknown;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private readonly now: () => number;

  /** @param options - see {@link OutboxOptions}. */
  constructor(private readonly options: OutboxOptions) {
    super(options.onError);
    this.maxInFlight = options.maxInFlight ?? OUTBOX_MAX_IN_FLIGHT;
    this.maxQueued = options.maxQueued ?? OUTBOX_MAX_QUEUED;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1)
      throw new RangeError('maxInFlight must be ≥ 1');
    this.backoff = options.backoff ?? new Backoff({ baseMs: OUTBOX_RETRY_BASE_MS });
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.now = options.now ?? Date.now;
  }

  /** Whether the transport is up (as last reported). */
  get online(): boolean {
    return this.isConnected;
  }

  /** Message ids handed to the transport on this connection and not yet acked. */
  get inFlightIds(): ReadonlySet<string> {
    return this.inFlight;
  }

  /** Runs `fn` after every earlier operation (one lock for all transitions). */
  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.lock.then(() => {
      if (this.closed) throw OutboxError.closed();
      return fn();
    });
    this.lock = run.catch(() => {});
    return run;
  }

  /**
   * Stores a message, then sends it if connected. Resolves once it is durably queued.
   *
   * @param roomId - the room (protocol room id).
   * @param msgId - the 128-bit message id the relay dedupes by.
   * @param payload - the encrypted content (opaque bytes), at most the protocol's ciphertext limit.
   * @returns the queued record.
   * @throws OutboxError OUTBOX_INVALID, OUTBOX_TOO_LARGE, OUTBOX_FULL, OUTBOX_CLOSED.
   */
  enqueue(roomId: string, msgId: string, payload: Uint8Array): Promise<QueuedOutboxRecord> {
    if (
      typeof roomId !== 'string' ||
      roomId.length < ROOM_ID_MIN_LENGTH ||
      roomId.length > ROOM_ID_MAX_LENGTH ||
      !ID_RE.test(roomId)
    ) {
      return Promise.reject(OutboxError.invalid('room id'));
    }
    if (typeof msgId !== 'string' || msgId.length !== MSG_ID_LENGTH || !ID_RE.test(msgId)) {
      return Promise.reject(OutboxError.invalid('message id'));
    }
    if (!(payload instanceof Uint8Array)) return Promise.reject(OutboxError.invalid('payload'));
    if (payload.length > MAX_CIPHERTEXT_BYTES)
      return Promise.reject(OutboxError.tooLarge(MAX_CIPHERTEXT_BYTES));
    const queued = this.exclusive(async () => {
      const outbox = this.options.store.outbox;
      const existing = await outbox.get(msgId);
      if (existing) return existing; // enqueue is idempotent per msgId
      if ((await outbox.count()) >= this.maxQueued) throw OutboxError.full(this.maxQueued);
      return outbox.enqueue({ msgId, roomId, payload, createdAt: this.now(), attempts: 0 });
    });
    void queued.then(
      () => this.pump(),
      () => {},
    );
    return queued;
  }

  /**
   * The relay stored a message (its `ack`, or the message itself seen in the room's stream). Removes it.
   * @returns whether it was queued.
   */
  ack(ack: OutboxAck): Promise<boolean> {
    const done = this.exclusive(async () => {
      const rec = await this.options.store.outbox.get(ack.msgId);
      this.inFlight.delete(ack.msgId);
      if (!rec) return false;
      await this.options.store.outbox.remove(ack.msgId);
      this.backoff.reset();
      this.emit('acked', { msgId: rec.msgId, roomId: rec.roomId, offset: ack.offset });
      return true;
    });
    void done.then(
      () => this.pump(),
      () => {},
    );
    return done;
  }

  /**
   * The relay refused a message. A permanent refusal (room gone, not a member, too large) removes it with a
   * `failed` event; a transient one (rate limited, unavailable) pauses sending for a backoff delay, then resends
   * from the oldest message not acked.
   *
   * @param msgId - the refused message.
   * @param relayCode - the relay's error code.
   * @param permanent - whether resending can never succeed.
   */
  nack(msgId: string, relayCode: string, permanent: boolean): Promise<void> {
    const done = this.exclusive(async () => {
      if (!this.inFlight.delete(msgId)) return;
      if (permanent) {
        const rec = await this.options.store.outbox.get(msgId);
        if (!rec) return;
        await this.options.store.outbox.remove(msgId);
        this.emit('failed', { msgId, roomId: rec.roomId, error: OutboxError.rejected(relayCode) });
        return;
      }
      this.pauseForRetry();
    });
    void done.then(
      () => this.pump(),
      () => {},
    );
    return done;
  }

  /** The transport is up: sends everything not acked, in enqueue order. */
  connected(): Promise<void> {
    this.isConnected = true;
    this.inFlight.clear();
    return this.pump();
  }

  /** The transport went down: whatever was in flight will be sent again on the next `connected()`. */
  disconnected(): void {
    this.isConnected = false;
    this.inFlight.clear();
  }

  /** Queued messages in order (of one room when given). */
  pending(roomId?: string): Promise<QueuedOutboxRecord[]> {
    return this.exclusive(() => this.options.store.outbox.list(roomId));
  }

  /** Stops timers; later calls fail with `OUTBOX_CLOSED`. The queue stays in the store. */
  close(): Promise<void> {
    const done = this.exclusive(async () => {
      this.closed = true;
      this.isConnected = false;
      if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    });
    return done.catch(() => {});
  }

  private pauseForRetry(): void {
    if (this.paused) return;
    this.paused = true;
    const delay = this.backoff.nextDelay() ?? OUTBOX_RETRY_BASE_MS;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.paused = false;
      void this.pump();
    }, delay);
  }

  /** Sends queued messages not in flight, oldest first, up to the window. Never throws. */
  private pump(): Promise<void> {
    return this.exclusive(async () => {
      while (this.isConnected && !this.paused && this.inFlight.size < this.maxInFlight) {
        const window = await this.options.store.outbox.list(undefined, this.inFlight.size + this.maxInFlight);
        const next = window.find((r) => !this.inFlight.has(r.msgId));
        if (!next) return;
        const record = { ...next, attempts: next.attempts + 1 };
        await this.options.store.outbox.update(record);
        try {
          this.options.transport.send(record);
        } catch {
          this.disconnected();
          return;
        }
        this.inFlight.add(record.msgId);
        this.emit('sent', { msgId: record.msgId, roomId: record.roomId, attempts: record.attempts });
      }
    }).catch((err: unknown) => {
      if (!(err instanceof OutboxError && err.code === 'OUTBOX_CLOSED')) this.options.onError?.(err);
    });
  }
}
