/**
 * The one interface every storage engine implements (memory, embedded SQLite, Redis). Features talk to this and
 * nothing else; engines know nothing of sockets or frames.
 *
 * Durability contract: a promise returned by {@link RelayStore.append} resolves only once the message is as
 * durable as the engine promises (embedded: committed to the SQLite WAL; Redis: applied by the server), so an
 * ack sent after it never refers to a message that a crash of this process can lose.
 * @module
 */

/** A message as the store keeps it: ciphertext plus the least metadata delivery needs. */
export interface StoredMessage {
  /** The room's sequence number. */
  offset: number;
  /** Client-chosen 128-bit id (base64url). */
  msgId: string;
  /** MLS group epoch the ciphertext belongs to. */
  epoch: number;
  /** Ciphertext, base64url. */
  ct: string;
  /** An MLS handshake message. */
  hs: boolean;
  /** When the relay stored it, in ms since the Unix epoch. */
  at: number;
  /**
   * When it disappears, in ms since the Unix epoch (a disappearing message): never delivered from then on,
   * and its ciphertext is erased by the next {@link RelayStore.sweep}. Absent: kept for the history retention.
   */
  exp?: number;
}

/** A room's bookkeeping. */
export interface RoomInfo {
  /** Stream epoch: a random id of this generation of the room's history. */
  epoch: string;
  /** The offset the next message gets. */
  next: number;
  /** The oldest offset still retained (equals `next` when the history is empty). */
  first: number;
  /** The MLS group epoch the next handshake message must carry. */
  mlsEpoch: number;
  /** The key (base64url) of whoever created the room, if it was created by an authenticated join. */
  owner?: string;
  /** When the room expires unless it sees activity, in ms since the Unix epoch. */
  expiresAt: number;
}

/** What {@link RelayStore.append} did. */
export type AppendResult =
  | { kind: 'stored'; message: StoredMessage }
  | { kind: 'duplicate'; offset: number }
  | { kind: 'stale-epoch'; mlsEpoch: number }
  | { kind: 'no-room' };

/** A message to append. */
export interface NewMessage {
  msgId: string;
  epoch: number;
  ct: string;
  hs: boolean;
  /** When it disappears, in ms since the Unix epoch (see {@link StoredMessage.exp}). */
  exp?: number;
}

/** Something that happens in a room and is fanned out to every node's local members. */
export type RoomEvent =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'signal'; data: string; at: number; from: string }
  | { kind: 'destroyed' };

/** Removes a subscription. */
export type Unsubscribe = () => void;

/** A prekey bundle lookup result: the bundle and, while they last, one one-time prekey. */
export interface PrekeyBundle {
  bundle: string;
  otk?: string;
}

/** Retention and expiry settings every engine honours. */
export interface StoreLimits {
  /** Messages kept per room for resume and mailboxes. */
  historyMax: number;
  /** How long a message is kept, in ms. */
  historyTtlMs: number;
  /** How long a msgId is remembered for dedupe, in ms. */
  dedupeWindowMs: number;
  /** Hard expiry of a mailbox item, in ms after it was stored. */
  mailboxTtlMs: number;
  /** Most one-time prekeys and key packages kept per owner. */
  maxKeysPerOwner: number;
  /** Most rooms a single-node engine keeps (memory, embedded); Redis relies on its own `maxmemory`. */
  maxRooms: number;
  /** Most mailboxes per room; the least recently used is dropped beyond it. */
  maxMailboxesPerRoom: number;
  /** Most directory owners the memory engine keeps; the oldest is dropped beyond it. */
  maxKeyOwners: number;
}

/** The storage interface of the relay. Every method may reject with a {@link StoreError}. */
export interface RelayStore {
  /** Engine name, for metrics and logs. */
  readonly kind: 'memory' | 'embedded' | 'redis';
  /**
   * Creates the room if absent (owner = `owner`), else refreshes its expiry.
   * @param ttlMs - idle lifetime.
   * @returns the room, or `'full'` when creating it would pass `maxRooms`.
   */
  openRoom(room: string, ttlMs: number, owner: string | undefined, now: number): Promise<RoomInfo | 'full'>;
  /** The room's bookkeeping, or undefined when it does not exist (or expired). */
  roomInfo(room: string, now: number): Promise<RoomInfo | undefined>;
  /** Deletes a room with its history and mailboxes, and tells subscribers. */
  destroyRoom(room: string): Promise<void>;
  /**
   * Dedupes on `msgId`, checks the MLS epoch of a handshake message, assigns the next offset, stores the
   * message durably, then fans it out to subscribers on every node.
   */
  append(room: string, msg: NewMessage, now: number): Promise<AppendResult>;
  /**
   * Up to `limit` retained messages with offset ≥ `from`, in offset order. Disappearing messages whose `exp`
   * has passed may still be listed until the next sweep (callers skip them); offsets may have gaps where
   * disappearing messages were erased.
   */
  range(room: string, from: number, limit: number): Promise<StoredMessage[]>;
  /** The offset from which a member's mailbox starts (everything before it was received), if it has one. */
  mailboxCursor(room: string, member: string, now: number): Promise<number | undefined>;
  /** Moves a member's mailbox cursor forward to `offset` (never back); the mailbox expires after `ttlMs`. */
  advanceMailbox(room: string, member: string, offset: number, now: number): Promise<void>;
  /** How many unexpired messages a member's mailbox holds (tests and metrics). */
  mailboxSize(room: string, member: string, now: number): Promise<number>;
  /** Sends an ephemeral signal to subscribers on every node; never stored. */
  signal(room: string, data: string, from: string, now: number): Promise<void>;
  /**
   * Receives the room's events on this node. Resolves once every event published after it is guaranteed to
   * arrive (for Redis: the SUBSCRIBE is confirmed), so a backlog read after it leaves no gap.
   */
  subscribe(room: string, listener: (event: RoomEvent) => void): Promise<Unsubscribe>;
  /** Stores keys under `owner`; returns how many one-time prekeys and key packages it now holds. */
  putKeys(
    owner: string,
    keys: { bundle?: string; otks?: string[]; kps?: string[] },
  ): Promise<{ otks: number; kps: number }>;
  /** The owner's bundle with one one-time prekey, which is removed: each is handed out once. */
  takePrekeyBundle(owner: string): Promise<PrekeyBundle | undefined>;
  /** One of the owner's key packages, removed as it is handed out. */
  takeKeyPackage(owner: string): Promise<string | undefined>;
  /**
   * Deletes expired rooms, messages, dedupe entries and mailboxes, and erases disappearing messages whose `exp`
   * has passed. Erasing one never moves the room's `first` offset, so resume points stay valid.
   */
  sweep(now: number): Promise<void>;
  /** Whether the engine can serve requests. */
  ready(): Promise<boolean>;
  /** Flushes pending writes and closes. */
  close(): Promise<void>;
}

/** Defaults for {@link StoreLimits}. */
export const DEFAULT_STORE_LIMITS: StoreLimits = {
  historyMax: 10_000,
  historyTtlMs: 7 * 24 * 3600_000,
  dedupeWindowMs: 10 * 60_000,
  mailboxTtlMs: 7 * 24 * 3600_000,
  maxKeysPerOwner: 200,
  maxRooms: 100_000,
  maxMailboxesPerRoom: 10_000,
  maxKeyOwners: 100_000,
};
