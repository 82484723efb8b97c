/**
 * Limits and defaults of the local store, each with its reason. Configurable ones carry `@default`.
 *
 * @module
 */

/** Largest page of messages one `messages.page()` call returns: bounds memory per call. @default 500 */
export const STORE_MAX_PAGE_SIZE = 500;
/** Page size used when the caller gives none. @default 50 */
export const STORE_DEFAULT_PAGE_SIZE = 50;
/** Largest sealed record plaintext (16 MiB, as the crypto core's at-rest limit); attachments live in blobs. */
export const STORE_MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** Deepest nesting accepted in a stored value (guards the codec's recursion). */
export const STORE_MAX_VALUE_DEPTH = 32;
/** Rows deleted per sweep transaction, so one timed-deletion pass never holds a huge transaction. @default 500 */
export const STORE_SWEEP_BATCH = 500;
/** Bytes of HMAC-SHA-256 kept for a blind index: 128 bits keeps collisions negligible at any table size. */
export const STORE_BLIND_INDEX_BYTES = 16;
/** The node file store compacts its log when it exceeds this many bytes and twice the live size. @default 4 MiB */
export const STORE_COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** Largest frame the node file store accepts in its log (a batch of sealed rows). */
export const STORE_MAX_LOG_FRAME_BYTES = 256 * 1024 * 1024;
/**
 * Blind indexes memoized per open store (room ids repeat on every write and page read; a sent message's id is
 * blinded again at its ack, one in-flight window later, so the memo holds a few windows of ids; the oldest
 * entry goes first). @default 16384
 */
export const STORE_BLIND_CACHE_SIZE = 16_384;
/**
 * Operations (puts, deletes, `transaction()` calls) that share one engine transaction at most when the store
 * batches concurrent writes: bounds the size of one IndexedDB transaction or one log frame. @default 1000
 */
export const STORE_MAX_BATCH_OPS = 1000;
/**
 * Largest record text (in UTF-16 code units times 3, its worst-case UTF-8 size) the sealer encodes into its
 * reused buffer; larger records get their own array. Bounds the memory a store keeps for sealing. @default 256 KiB
 */
export const STORE_SEAL_SCRATCH_BYTES = 256 * 1024;
/**
 * Waits, in ms, before each new try when Dexie's code (a lazy chunk in the widget's build) fails to download
 * while `DexieEngine.open` needs it to create or upgrade a database. A store that cannot be created costs the
 * widget its persistence for the visit (it runs in memory), so a network blip is tried again twice, within
 * about 1.25 s, before the open fails with `STORE_UNAVAILABLE`. @default [250, 1000]
 */
export const STORE_SCHEMA_LOAD_RETRY_MS: readonly number[] = [250, 1000];
