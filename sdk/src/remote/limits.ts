/**
 * Limits of the remote interface, each with its reason. Configurable ones carry `@default`.
 *
 * @module
 */

/** Calls a proxy keeps waiting at once: bounds memory when the host stalls. @default 1000 */
export const REMOTE_MAX_PENDING = 1000;
/** How long a call waits for its answer. @default 30000 */
export const REMOTE_DEFAULT_TIMEOUT_MS = 30_000;
/** Deepest nesting of plain data accepted in a message (guards the validator's recursion). */
export const REMOTE_MAX_DEPTH = 32;
/** Most values (nodes) walked in one message: bounds validation work per message. */
export const REMOTE_MAX_NODES = 100_000;
/** Longest command or event name. */
export const REMOTE_MAX_NAME_LENGTH = 64;
/** Most arguments of one call. */
export const REMOTE_MAX_ARGS = 16;
/** Longest error message forwarded (longer ones are cut). */
export const REMOTE_MAX_ERROR_MESSAGE = 512;
/** Largest request id (ids wrap to 1 after it; far more than can be pending). */
export const REMOTE_MAX_ID = 2 ** 31 - 1;
