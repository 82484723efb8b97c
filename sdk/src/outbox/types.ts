/**
 * Types of the outbox.
 *
 * @module
 */
import type { QueuedOutboxRecord } from '../store/index.js';
import type { OutboxError } from './errors.js';

/** How the outbox hands a message to the relay connection. */
export interface OutboxTransport {
  /**
   * Sends one queued message (e.g. as a `publish` frame with its `msgId`, `roomId` and `payload` as `ct`).
   * Must not wait for the ack. Throwing means "not connected": the outbox stops and waits for `connected()`.
   */
  send(record: QueuedOutboxRecord): void;
}

/** What the relay answered to a message. */
export interface OutboxAck {
  readonly msgId: string;
  readonly offset: number;
}

/** Events of an {@link Outbox}. */
export interface OutboxEvents {
  /** A message was handed to the transport (again, after a reconnect or a transient refusal). */
  sent: { readonly msgId: string; readonly roomId: string; readonly attempts: number };
  /**
   * The relay stored the message at `offset`; it left the outbox. `stored`: the `onAck` hook wrote the sender's
   * own record of it in the same transaction.
   */
  acked: {
    readonly msgId: string;
    readonly roomId: string;
    readonly offset: number;
    readonly stored: boolean;
  };
  /** The relay refused the message for good; it left the outbox. */
  failed: { readonly msgId: string; readonly roomId: string; readonly error: OutboxError };
}
