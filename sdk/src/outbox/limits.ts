/**
 * Limits and defaults of the outbox, each with its reason.
 *
 * @module
 */

/** Messages sent and not yet acked at once: pipelining without flooding the relay's rate limit. @default 32 */
export const OUTBOX_MAX_IN_FLIGHT = 32;
/** Messages the outbox holds before refusing more (`OUTBOX_FULL`): bounds the store and the resend burst. @default 10000 */
export const OUTBOX_MAX_QUEUED = 10_000;
/** First delay cap after a transient refusal (rate limit, relay unavailable), ms. @default 1000 */
export const OUTBOX_RETRY_BASE_MS = 1000;
/**
 * Enqueues and acks written in one store transaction at most: one durable commit for many messages, yet a
 * bounded transaction (IndexedDB and the file log hold it in memory). @default 512
 */
export const OUTBOX_MAX_BATCH = 512;
