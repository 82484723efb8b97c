/**
 * The one interface of the local store. Every implementation (memory, Node file, Dexie/IndexedDB) is the same
 * sealed layer over a different {@link StorageEngine}, and passes the shared suite in `store.behavior.ts`.
 *
 * @module
 */
import type { StoreKeySource } from './key-wrap.js';
import type { StoredValue } from './stored-value.js';
import type {
  AttachmentRecord,
  IdentityRecord,
  MessageKeyRecord,
  MessagePage,
  MessageRecord,
  OutboxRecord,
  PageQuery,
  QueuedOutboxRecord,
  RetentionPolicy,
  RoomRecord,
  SessionRecord,
  SweepResult,
} from './types.js';

/** A table of records with a string id. */
export interface KeyedTable<R> {
  /** The record with this id. */
  get(id: string): Promise<R | undefined>;
  /** Inserts or replaces a record. @throws StoreError STORE_INVALID_RECORD */
  put(record: R): Promise<void>;
  /** Deletes a record. @returns whether it existed. */
  delete(id: string): Promise<boolean>;
  /** Every record (meant for small tables). */
  list(): Promise<R[]>;
  /** Number of records. */
  count(): Promise<number>;
}

/** A room's messages, ordered by relay offset. */
export interface MessageTable {
  /** Inserts or replaces a message (by `msgId`). */
  put(message: MessageRecord): Promise<void>;
  /** Inserts or replaces many messages in one transaction. */
  putMany(messages: readonly MessageRecord[]): Promise<void>;
  /** The message with this id. */
  get(msgId: string): Promise<MessageRecord | undefined>;
  /** A page of a room's history. */
  page(roomId: string, query?: PageQuery): Promise<MessagePage>;
  /** Deletes a message with its per-message keys and attachment rows. @returns whether it existed. */
  delete(msgId: string): Promise<boolean>;
  /** Deletes every message, outbox entry, key and attachment row of a room. @returns messages removed. */
  deleteRoom(roomId: string): Promise<number>;
  /** Number of messages (of one room when given). */
  count(roomId?: string): Promise<number>;
}

/** Messages waiting for the relay's ack, in enqueue order. */
export interface OutboxTable {
  /** Appends a message; it gets the next queue position. */
  enqueue(record: OutboxRecord): Promise<QueuedOutboxRecord>;
  /** Queued messages in order (of one room when given). */
  list(roomId?: string, limit?: number): Promise<QueuedOutboxRecord[]>;
  /** The queued message with this id. */
  get(msgId: string): Promise<QueuedOutboxRecord | undefined>;
  /** Replaces a queued record, keeping its position (e.g. to count attempts). */
  update(record: QueuedOutboxRecord): Promise<void>;
  /** Removes a message (acked). @returns whether it was queued. */
  remove(msgId: string): Promise<boolean>;
  /** Number of queued messages. */
  count(): Promise<number>;
}

/** Attachment metadata, also reachable by message. */
export interface AttachmentTable extends KeyedTable<AttachmentRecord> {
  /** The attachments of a message. */
  forMessage(msgId: string): Promise<AttachmentRecord[]>;
}

/** A small key-value table for settings and cursors. */
export interface KvTable {
  /** The value under `key`. */
  get<V extends StoredValue = StoredValue>(key: string): Promise<V | undefined>;
  /** Sets `key`. */
  set(key: string, value: StoredValue): Promise<void>;
  /** Deletes `key`. @returns whether it existed. */
  delete(key: string): Promise<boolean>;
}

/** The tables, as seen at top level or inside a transaction. */
export interface StoreScope {
  /** Device identities. */
  readonly identity: KeyedTable<IdentityRecord>;
  /** 1:1 sessions. */
  readonly sessions: KeyedTable<SessionRecord>;
  /** Rooms. */
  readonly rooms: KeyedTable<RoomRecord>;
  /** Message history. */
  readonly messages: MessageTable;
  /** Messages not yet acked. */
  readonly outbox: OutboxTable;
  /** Attachment metadata. */
  readonly attachments: AttachmentTable;
  /** Per-message keys (by `msgId`). */
  readonly messageKeys: KeyedTable<MessageKeyRecord>;
  /** Settings and cursors. */
  readonly kv: KvTable;
}

/** An open store. */
export interface Store extends StoreScope {
  /** Engine name: `memory`, `node-file` or `dexie`. */
  readonly kind: string;
  /** The schema version of the stored records. */
  readonly schemaVersion: number;
  /**
   * Runs `fn` atomically: every write inside it is committed together, or none when it throws. Use only the
   * `tx` tables inside, and await only store calls (IndexedDB commits a transaction left idle).
   *
   * Concurrent calls (and top-level writes) share one engine transaction (group commit); the promise settles
   * once that transaction committed. When another operation of the same batch throws, `fn` runs again in a
   * fresh transaction, so it must have no effect outside `tx` that cannot be repeated.
   */
  transaction<R>(fn: (tx: StoreScope) => Promise<R>): Promise<R>;
  /** Deletes every expired message (with its keys and attachments), key and attachment, and messages past retention. */
  sweep(now?: number): Promise<SweepResult>;
  /** Replaces the retention policy (applied at the next sweep). */
  setRetention(policy: RetentionPolicy): void;
  /** Re-wraps the database key under a new passphrase or key; records are untouched. */
  changeKey(source: StoreKeySource): Promise<void>;
  /** Stops timers, zeroes keys and releases the engine. Idempotent. */
  close(): Promise<void>;
}

/** Options of every store. */
export type StoreOptions = StoreKeySource & {
  /** How long messages are kept. @default {} (until deleted or expired) */
  readonly retention?: RetentionPolicy;
  /** Run `sweep()` this often, in ms; 0 disables the timer. @default 60000 */
  readonly sweepIntervalMs?: number;
};
