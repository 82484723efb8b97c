/**
 * The records the local store keeps, one interface per table. Every field is sealed (encrypted and
 * authenticated) at rest except the few plaintext index columns listed in `docs/sdk-store.md`.
 *
 * @module
 */
import type { StoredValue } from './stored-value.js';

/** The device identity (one row per named identity, usually just `"device"`). */
export interface IdentityRecord {
  /** Local name of the identity. */
  readonly id: string;
  /** Key material by purpose (e.g. `ed25519`, `x25519`). Sealed. */
  readonly keys: { readonly [purpose: string]: Uint8Array };
  /** Shown to others, if set. Sealed. */
  readonly displayName?: string;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
}

/** A 1:1 session (Double Ratchet state) with a peer device. */
export interface SessionRecord {
  /** Session id (e.g. the peer's identity key fingerprint). */
  readonly id: string;
  /** The peer this session talks to. */
  readonly peer: string;
  /** Serialized ratchet state. */
  readonly state: Uint8Array;
  /** Last update, ms since the epoch. */
  readonly updatedAt: number;
}

/** A room the device is a member of. */
export interface RoomRecord {
  /** Room id. */
  readonly id: string;
  /** Display name, if any. */
  readonly name?: string;
  /** Serialized group state (MLS), if any. */
  readonly state?: Uint8Array;
  /** Highest relay offset received, for resume. */
  readonly lastOffset?: number;
  /** Disappearing-message timer of this room in ms; messages stored with it get `expiresAt`. */
  readonly disappearAfterMs?: number;
  /** Join time, ms since the epoch. */
  readonly joinedAt: number;
}

/** A message of a room, as received or as acked by the relay. */
export interface MessageRecord {
  /** Room id. */
  readonly roomId: string;
  /** 128-bit message id (hex/base64url text), unique across rooms. */
  readonly msgId: string;
  /** The relay-assigned offset in the room (orders the history). */
  readonly offset: number;
  /** Sender identity (pseudonymous key or display id). */
  readonly sender: string;
  /** The message text. */
  readonly text: string;
  /** Structured content (mentions, reply-to, attachment refs…), if any. */
  readonly data?: StoredValue;
  /** Send time, ms since the epoch (retention by age uses it). */
  readonly sentAt: number;
  /** When the message must disappear, ms since the epoch. */
  readonly expiresAt?: number;
}

/** A message waiting to be sent (kept until the relay acks it). */
export interface OutboxRecord {
  /** The message id the relay will ack. */
  readonly msgId: string;
  /** Room id. */
  readonly roomId: string;
  /** The encrypted envelope (or plaintext to encrypt at send time). */
  readonly payload: Uint8Array;
  /** Enqueue time, ms since the epoch. */
  readonly createdAt: number;
  /** Send attempts so far. */
  readonly attempts: number;
}

/** An outbox record as stored, with its local queue position. */
export interface QueuedOutboxRecord extends OutboxRecord {
  /** Local, strictly increasing queue position. */
  readonly seq: number;
}

/** Metadata of an encrypted attachment (the bytes live in the relay's blob store). */
export interface AttachmentRecord {
  /** Attachment id (content address of the ciphertext). */
  readonly id: string;
  /** Room id. */
  readonly roomId: string;
  /** The message that carries it, if any: deleting the message deletes this row. */
  readonly msgId?: string;
  /** File name. */
  readonly name: string;
  /** MIME type. */
  readonly mime: string;
  /** Plaintext size in bytes. */
  readonly size: number;
  /** The attachment's decryption key. */
  readonly key: Uint8Array;
  /** Ciphertext digest. */
  readonly digest: Uint8Array;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  /** When it must disappear, ms since the epoch. */
  readonly expiresAt?: number;
}

/** Per-message key material (e.g. a skipped ratchet key) deleted together with its message. */
export interface MessageKeyRecord {
  /** The message id the key belongs to. */
  readonly msgId: string;
  /** Room id. */
  readonly roomId: string;
  /** The key. */
  readonly key: Uint8Array;
  /** When it must disappear, ms since the epoch. */
  readonly expiresAt?: number;
}

/** Direction of a history page. */
export type PageDirection = 'forward' | 'backward';

/** Which page of a room's history to read. */
export interface PageQuery {
  /** Largest number of messages to return. @default 50, at most 500 */
  readonly limit?: number;
  /** Start after this offset (exclusive). Forward pages start at the oldest without it, backward at the newest. */
  readonly after?: number;
  /** Stop before this offset (exclusive). */
  readonly before?: number;
  /** `forward` (oldest first) or `backward` (newest first). @default 'forward' */
  readonly direction?: PageDirection;
}

/** A page of messages and the cursor of the next one. */
export interface MessagePage {
  /** Messages in the requested direction. */
  readonly messages: MessageRecord[];
  /** Pass as `after` (forward) or `before` (backward) to read the next page; absent at the end. */
  readonly next?: number;
}

/** How long messages are kept. Both rules may apply; the earliest deadline wins. */
export interface RetentionPolicy {
  /** Delete messages whose `sentAt` is older than this many ms. */
  readonly maxAgeMs?: number;
}

/** What one timed-deletion pass removed. */
export interface SweepResult {
  /** Messages removed. */
  readonly messages: number;
  /** Per-message keys removed. */
  readonly messageKeys: number;
  /** Attachment rows removed. */
  readonly attachments: number;
}
