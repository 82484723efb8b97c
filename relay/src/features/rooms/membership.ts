import type { StoredMessage, Unsubscribe } from '../../store/store.js';

/**
 * One connection's membership of one room. While `syncing`, live messages wait in `buffer` until the backlog
 * has been sent, so the client sees every offset once and in order.
 */
export interface Membership {
  /** The proven room key (base64url), when the relay authenticates. */
  key: string | undefined;
  /** Ends the subscription. */
  unsub: Unsubscribe | undefined;
  /** Backlog still being sent. */
  syncing: boolean;
  /** Live messages that arrived during the backlog. */
  buffer: StoredMessage[];
  /** The next offset this connection should receive. */
  next: number;
  /** The membership ended while it was being set up. */
  gone: boolean;
}

/** Most live messages buffered for one membership while its backlog is sent. */
export const MAX_SYNC_BUFFER = 10_000;

/** Messages read from the store per backlog page. */
export const BACKLOG_PAGE = 256;
