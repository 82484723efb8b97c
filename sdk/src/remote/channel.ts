/**
 * A channel carries remote messages between two places: the same thread, a Worker, or two windows. It only
 * moves values; {@link decodeRemoteMessage} decides what they mean.
 *
 * @module
 */
import type { Unsubscribe } from '../emitter.js';
import type { RemoteMessage } from './messages.js';

/** One end of a channel. */
export interface Channel {
  /**
   * Sends a message to the other end.
   *
   * @throws RemoteError REMOTE_NOT_CLONEABLE when the platform cannot clone it; REMOTE_CLOSED after `close()`.
   */
  send(message: RemoteMessage): void;
  /** Listens to what arrives (already filtered by origin for frames); returns the remover. */
  onMessage(listener: (data: unknown) => void): Unsubscribe;
  /** Stops listening and sending. Idempotent. */
  close(): void;
  /** Messages dropped by this channel before reaching a listener (wrong origin or window). */
  readonly rejected: number;
}

/** What a `MessagePort`, a `Worker` and a Worker's global scope have in common. */
export interface MessagePortLike {
  /** Posts a value to the other side. */
  postMessage(message: unknown): void;
  /** Adds a `message` listener. */
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Removes a `message` listener. */
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** Starts delivery (`MessagePort` only). */
  start?(): void;
}
