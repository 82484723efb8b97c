/**
 * The offline outbox: every message to send is first written to the encrypted store, then sent in enqueue order
 * while connected, and removed only when the relay acks it. After a disconnect, a reconnect or a crash and a
 * restart from the store, everything not acked is sent again in order; the relay dedupes by `msgId` (and
 * answers a duplicate with the original offset), so nothing is lost and nothing is stored twice.
 *
 * State machine (per message): `queued` → (send) → `in flight` → (ack) → `acking` → (removal committed) →
 * removed; `acking` → (the removal failed to commit) → `queued`; `in flight` → (disconnect, transient refusal)
 * → `queued`; `in flight` → (permanent refusal) → removed with a `failed` event; `queued`, never handed to
 * the transport since this outbox enqueued it → (withdraw) → removed, never sent. Sends, refusals and
 * reconnects run under one lock; enqueues and acks are written in batches, one after another, beside it, and
 * change the in-memory view only once committed, so the store and the view never disagree. An acked message
 * frees its window slot at once (`acking`), so the next sends never wait for a store commit; it is never
 * resent unless its removal fails.
 *
 * Performance: the queue is mirrored in memory (loaded from the store once, at the first operation), so sending never lists or unseals stored records: per message the store sees one sealed write at
 * `enqueue` and one delete at `ack`. Enqueues and acks that arrive while an earlier batch is being written join
 * the next batch: one store transaction (one durable commit, one fsync) for many messages, instead of one
 * commit per message under the lock. Each `enqueue` still resolves only once its record is durably stored, so
 * nothing leaves before it is in the store. The mirror changes only after the batch's transaction committed,
 * so it never disagrees with the store; after a crash a new outbox reloads the mirror from the store. The
 * `attempts` counter is written to the store only on a resend (the first send of a record is not written), so
 * after a crash it may undercount by one; it is informational only.
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
import type { OutboxTable, QueuedOutboxRecord, Store, StoreScope } from '../store/index.js';
import { Backoff, type Clock, SYSTEM_CLOCK } from '../transport/index.js';
import { OutboxError } from './errors.js';
import { OUTBOX_MAX_BATCH, OUTBOX_MAX_IN_FLIGHT, OUTBOX_MAX_QUEUED, OUTBOX_RETRY_BASE_MS } from './limits.js';
import type { OutboxAck, OutboxEvents, OutboxTransport } from './types.js';

const ID_RE = /^[A-Za-z0-9_-]+$/;

/** An enqueue or an ack waiting for the next batch. */
type BatchOp =
  | {
      readonly kind: 'enqueue';
      readonly roomId: string;
      readonly msgId: string;
      readonly payload: Uint8Array;
      resolve(r: QueuedOutboxRecord): void;
      reject(e: unknown): void;
    }
  | { readonly kind: 'ack'; readonly ack: OutboxAck; resolve(had: boolean): void; reject(e: unknown): void };

/** Options of an {@link Outbox}. */
export interface OutboxOptions {
  /**
   * Where the queue lives: the store (its `outbox` table; every record sealed at rest). With a `transaction`
   * method (any {@link Store}), each batch of enqueues and acks is written in one transaction.
   */
  readonly store: Pick<StoreScope, 'outbox'> & Partial<Pick<Store, 'transaction'>>;
  /** How messages reach the relay. */
  readonly transport: OutboxTransport;
  /** Messages in flight at once. @default OUTBOX_MAX_IN_FLIGHT (128) */
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
  /**
   * Runs inside the transaction that removes an acked record (only with a `transaction` store), so whatever it
   * writes commits atomically with the removal: the client writes the sender's own message record carried in
   * the payload there. Returns whether it wrote it (reported as `stored` in the `acked` event).
   */
  readonly onAck?: (tx: StoreScope, record: QueuedOutboxRecord, ack: OutboxAck) => Promise<boolean>;
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
  /**
   * Acked by the relay, their removal not yet committed: they no longer take a window slot (the next messages
   * go out at once instead of after the store commit) but are never resent, unless the removal fails.
   */
  private readonly acking = new Set<string>();
  /**
   * Enqueued by this outbox and never handed to the transport since: only these can be withdrawn. A record
   * restored from the store is not among them (the process before may have sent it: a first send is not
   * written down).
   */
  private readonly unsent = new Set<string>();
  /** The stored queue in `seq` order (a `Map` keeps insertion order), once loaded. */
  private queue: Map<string, QueuedOutboxRecord> | undefined;
  /**
   * Where `pump` resumes looking for the next record to send: a live iterator of the mirror (a Map iterator
   * sees entries appended later and skips deleted ones). Every record before it is in flight or being acked,
   * so a window of thousands of queued messages is not scanned again from the head at every ack. Whatever
   * makes an earlier record sendable again (a disconnect, a transient refusal, an ack that failed to commit)
   * calls {@link rewind}, and the next scan starts at the head.
   */
  private cursor: { of: Map<string, QueuedOutboxRecord>; it: Iterator<QueuedOutboxRecord> } | undefined;
  private loading: Promise<Map<string, QueuedOutboxRecord>> | undefined;
  /** Enqueues and acks waiting for the next batch, in arrival order. */
  private incoming: BatchOp[] = [];
  private batchScheduled = false;
  /** Batches are written one after another on this chain, outside the lock (see `scheduleBatch`). */
  private batches: Promise<void> = Promise.resolve();
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

  /**
   * Whether an ack of `msgId` could still change anything: false once it left the queue or while its removal
   * commits (a second ack, such as the relay's echo of an own message after its ack, is then skipped without a
   * batch); true while the queue is not loaded yet.
   */
  awaitsAck(msgId: string): boolean {
    return !this.queue || (this.queue.has(msgId) && !this.acking.has(msgId));
  }

  /** The in-memory mirror of the stored queue, loaded once on first use. */
  private async mirror(): Promise<Map<string, QueuedOutboxRecord>> {
    if (this.queue) return this.queue;
    this.loading ??= this.options.store.outbox.list().then(
      (records) => {
        this.queue = new Map(records.map((r) => [r.msgId, r]));
        return this.queue;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
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
    const queued = new Promise<QueuedOutboxRecord>((resolve, reject) => {
      this.incoming.push({ kind: 'enqueue', roomId, msgId, payload, resolve, reject });
    });
    this.scheduleBatch();
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
    const done = new Promise<boolean>((resolve, reject) => {
      this.incoming.push({ kind: 'ack', ack, resolve, reject });
    });
    this.scheduleBatch();
    // Its window slot is free now; it is not resent meanwhile (`acking`), unless recording the ack fails.
    if (this.inFlight.delete(ack.msgId)) {
      this.acking.add(ack.msgId);
      void this.pump();
    }
    void done.then(
      () => this.pump(),
      () => this.pump(),
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
      this.rewind();
      if (permanent) {
        const queue = await this.mirror();
        const rec = queue.get(msgId);
        if (!rec) return;
        await this.options.store.outbox.remove(msgId);
        queue.delete(msgId);
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
    this.rewind();
    return this.pump();
  }

  /** The transport went down: whatever was in flight will be sent again on the next `connected()`. */
  disconnected(): void {
    this.isConnected = false;
    this.inFlight.clear();
    this.rewind();
  }

  /** Queued messages in order (of one room when given). */
  pending(roomId?: string): Promise<QueuedOutboxRecord[]> {
    return this.exclusive(async () => {
      const all = [...(await this.mirror()).values()];
      return roomId === undefined ? all : all.filter((r) => r.roomId === roomId);
    });
  }

  /**
   * Takes back messages that never left: each must be queued, enqueued by this outbox (not restored from the
   * store: a crashed process may have sent it) and never handed to the transport. All or none: when any of
   * them may have reached the relay, nothing changes and the caller deletes them for everyone instead.
   * Enqueues still being written are waited for first.
   *
   * @param msgIds - the messages to take back.
   * @returns whether they were withdrawn: removed from the store and the queue, never to be sent.
   * @throws the store's error when their removal fails to commit (then nothing changed); OUTBOX_CLOSED.
   */
  withdraw(msgIds: readonly string[]): Promise<boolean> {
    return this.exclusive(async () => {
      await this.batches;
      const queue = await this.mirror();
      const ids = [...new Set(msgIds)];
      if (ids.length === 0) return false;
      for (const id of ids) {
        if (!queue.has(id) || !this.unsent.has(id) || this.inFlight.has(id) || this.acking.has(id))
          return false;
      }
      const remove = async (outbox: OutboxTable) => {
        for (const id of ids) await outbox.remove(id);
      };
      const store = this.options.store;
      if (store.transaction) await store.transaction((tx) => remove(tx.outbox));
      else await remove(store.outbox);
      for (const id of ids) {
        queue.delete(id);
        this.unsent.delete(id);
      }
      return true;
    });
  }

  /**
   * Forgets a room's queued messages in memory after the store deleted them (the room was dropped: its rows go
   * with `messages.deleteRoom`). Nothing of that room is sent afterwards.
   */
  forgetRoom(roomId: string): Promise<void> {
    return this.exclusive(async () => {
      const queue = await this.mirror();
      for (const [id, r] of queue) {
        if (r.roomId !== roomId) continue;
        queue.delete(id);
        this.inFlight.delete(id);
        this.acking.delete(id);
        this.unsent.delete(id);
      }
    });
  }

  /** Stops timers; later calls fail with `OUTBOX_CLOSED`. The queue stays in the store. */
  close(): Promise<void> {
    const done = this.exclusive(async () => {
      await this.batches; // enqueues and acks already batched still commit
      this.closed = true;
      this.isConnected = false;
      if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    });
    return done.catch(() => {});
  }

  /**
   * Runs the waiting enqueues and acks as one batch, after the batch before it. Batches do not hold the lock
   * while their transaction commits: sends (`pump`) go on meanwhile, seeing only committed records (an enqueue
   * is in the mirror only once durable) and skipping acked ones (`acking`).
   */
  private scheduleBatch(): void {
    if (this.batchScheduled) return;
    this.batchScheduled = true;
    this.batches = this.batches.then(async () => {
      this.batchScheduled = false;
      if (this.closed) {
        // closed before the batch ran: everything still waiting fails the same way
        const err = OutboxError.closed();
        for (const op of this.incoming.splice(0)) op.reject(err);
        return;
      }
      const ops = this.incoming.splice(0, OUTBOX_MAX_BATCH);
      if (this.incoming.length > 0) this.scheduleBatch();
      await this.runBatch(ops);
    });
  }

  /**
   * Writes a batch in one transaction; the mirror, the in-flight set and the events follow only once it
   * committed. On a store failure every operation of the batch fails and nothing changes.
   */
  private async runBatch(ops: BatchOp[]): Promise<void> {
    let queue: Map<string, QueuedOutboxRecord>;
    try {
      queue = await this.mirror();
    } catch (err) {
      for (const op of ops) op.reject(err);
      return;
    }
    const added = new Map<string, QueuedOutboxRecord>();
    const removed = new Set<string>();
    const settle: (() => void)[] = [];
    const write = async (outbox: OutboxTable, tx?: StoreScope) => {
      added.clear();
      removed.clear();
      settle.length = 0;
      for (const op of ops) {
        if (op.kind === 'enqueue') {
          // enqueue is idempotent per msgId
          const existing = added.get(op.msgId) ?? (removed.has(op.msgId) ? undefined : queue.get(op.msgId));
          if (existing) {
            settle.push(() => op.resolve(existing));
            continue;
          }
          if (queue.size + added.size - removed.size >= this.maxQueued) {
            const err = OutboxError.full(this.maxQueued);
            settle.push(() => op.reject(err));
            continue;
          }
          const record = await outbox.enqueue({
            msgId: op.msgId,
            roomId: op.roomId,
            payload: op.payload,
            createdAt: this.now(),
            attempts: 0,
          });
          added.set(op.msgId, record);
          settle.push(() => op.resolve(record));
        } else {
          const id = op.ack.msgId;
          const rec = added.get(id) ?? (removed.has(id) ? undefined : queue.get(id));
          if (!rec) {
            settle.push(() => {
              this.inFlight.delete(id);
              this.acking.delete(id);
              op.resolve(false);
            });
            continue;
          }
          await outbox.remove(id);
          const stored = tx && this.options.onAck ? await this.options.onAck(tx, rec, op.ack) : false;
          added.delete(id);
          removed.add(id);
          settle.push(() => {
            this.inFlight.delete(id);
            this.acking.delete(id);
            this.backoff.reset();
            this.emit('acked', { msgId: rec.msgId, roomId: rec.roomId, offset: op.ack.offset, stored });
            op.resolve(true);
          });
        }
      }
    };
    try {
      const store = this.options.store;
      if (store.transaction) await store.transaction((tx) => write(tx.outbox, tx));
      else await write(store.outbox);
    } catch (err) {
      for (const op of ops) {
        // an ack not recorded: the message is still queued and may be sent again (the relay dedupes)
        if (op.kind === 'ack') this.acking.delete(op.ack.msgId);
        op.reject(err);
      }
      this.rewind();
      return;
    }
    for (const id of removed) {
      queue.delete(id);
      this.unsent.delete(id);
    }
    for (const [id, r] of added) {
      queue.set(id, r);
      this.unsent.add(id);
    }
    for (const s of settle) s();
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

  /** The next scan starts at the head of the queue (an earlier record may be sendable again). */
  private rewind(): void {
    this.cursor = undefined;
  }

  /** The oldest record neither in flight nor being acked, resuming the scan at {@link cursor}. */
  private nextToSend(queue: Map<string, QueuedOutboxRecord>): QueuedOutboxRecord | undefined {
    if (this.cursor?.of !== queue) this.cursor = { of: queue, it: queue.values() };
    const it = this.cursor.it;
    for (let r = it.next(); !r.done; r = it.next()) {
      if (!this.inFlight.has(r.value.msgId) && !this.acking.has(r.value.msgId)) return r.value;
    }
    this.cursor = undefined; // an exhausted iterator stays exhausted: the next scan starts over
    return undefined;
  }

  /** Sends queued messages not in flight, oldest first, up to the window. Never throws. */
  private pump(): Promise<void> {
    return this.exclusive(async () => {
      const queue = await this.mirror();
      while (this.isConnected && !this.paused && this.inFlight.size < this.maxInFlight) {
        const next = this.nextToSend(queue);
        if (!next) return;
        const record = { ...next, attempts: next.attempts + 1 };
        // A resend is written down (so a crash does not forget it was tried); a first send is not.
        if (record.attempts > 1) await this.options.store.outbox.update(record);
        queue.set(record.msgId, record);
        // handed to the transport: from here it may reach the relay, even if the send throws
        this.unsent.delete(record.msgId);
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
