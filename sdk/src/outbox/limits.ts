/**
 * Limits and defaults of the outbox, each with its reason.
 *
 * @module
 */

/**
 * Messages sent and not yet acked at once: enough pipelining that a burst fills the relay's group commits (the
 * relay commits everything that arrived while the previous COMMIT was syncing, so the window bounds its batch
 * and the number of fsyncs per message), while staying under the relay's default per-connection burst (200
 * frames) so a backlog flushed after a reconnect is not refused in bulk. @default 128
 */
export const OUTBOX_MAX_IN_FLIGHT = 128;
/** Messages the outbox holds before refusing more (`OUTBOX_FULL`): bounds the store and the resend burst. @default 10000 */
export const OUTBOX_MAX_QUEUED = 10_000;
/** First delay cap after a transient refusal (rate limit, relay unavailable), ms. @default 1000 */
export const OUTBOX_RETRY_BASE_MS = 1000;
/**
 * Enqueues and acks written in one store transaction at most: one durable commit for many messages, yet a
 * bounded transaction (IndexedDB and the file log hold it in memory). @default 512
 */
export const OUTBOX_MAX_BATCH = 512;
