/**
 * Disappearing messages: when a message expires, and removing expired ones from a list.
 *
 * The timer travels inside every message (`expireAfter`, seconds), so each message keeps the timer it was sent
 * under even if the room's setting changes later. The clock starts at the earlier of the sender's `sentAt` and
 * the local arrival time: a sender with a clock in the future cannot make a message live longer, and a message
 * that arrives late disappears on time.
 *
 * @module
 */
import { MSG_MAX_TIMER_SECONDS } from './limits.js';

/**
 * When a message must disappear.
 *
 * @param sentAt - the sender's send time, ms since the epoch.
 * @param receivedAt - when it arrived here, ms since the epoch.
 * @param expireAfterSeconds - the timer it was sent under; 0 means it never expires.
 * @returns the expiry in ms since the epoch, or undefined when it never expires.
 * @throws RangeError for a negative or too long timer.
 */
export function expiryOf(sentAt: number, receivedAt: number, expireAfterSeconds: number): number | undefined {
  if (
    !Number.isSafeInteger(expireAfterSeconds) ||
    expireAfterSeconds < 0 ||
    expireAfterSeconds > MSG_MAX_TIMER_SECONDS
  ) {
    throw new RangeError(`timer must be 0..${MSG_MAX_TIMER_SECONDS} seconds`);
  }
  if (expireAfterSeconds === 0) return undefined;
  return Math.min(sentAt, receivedAt) + expireAfterSeconds * 1000;
}

/** Whether something with this expiry is gone at `now`. */
export function isExpired(expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && expiresAt <= now;
}

/**
 * Splits items into the ones kept and the ones expired at `now` (stable order).
 *
 * @returns `kept` and `expired`.
 */
export function purgeExpired<T extends { readonly expiresAt?: number }>(
  items: readonly T[],
  now: number,
): { kept: T[]; expired: T[] } {
  const kept: T[] = [];
  const expired: T[] = [];
  for (const item of items) (isExpired(item.expiresAt, now) ? expired : kept).push(item);
  return { kept, expired };
}

/** The earliest expiry among items, so a caller can arm one timer. */
export function nextExpiry(items: Iterable<{ readonly expiresAt?: number }>): number | undefined {
  let next: number | undefined;
  for (const { expiresAt } of items)
    if (expiresAt !== undefined && (next === undefined || expiresAt < next)) next = expiresAt;
  return next;
}
