/**
 * The offline outbox: messages persisted in the encrypted store, sent in order when connected, removed on the
 * relay's ack; resent after a reconnect or a restart (the relay dedupes by message id).
 *
 * @module
 */
export { OUTBOX_ERROR_CODES, OutboxError, type OutboxErrorCode } from './errors.js';
export { OUTBOX_MAX_IN_FLIGHT, OUTBOX_MAX_QUEUED, OUTBOX_RETRY_BASE_MS } from './limits.js';
export { Outbox, type OutboxOptions } from './outbox.js';
export { decodeOutboxPayload, encodeOutboxPayload, type OutboxPayload } from './outbox-payload.js';
export type { OutboxAck, OutboxEvents, OutboxTransport } from './types.js';
