/**
 * Limits and defaults of attachments, each with its reason.
 *
 * @module
 */

/** Plaintext bytes per encrypted chunk: small enough to stream, large enough that tags cost 0.006 %. @default 256 KiB */
export const ATTACHMENT_CHUNK_BYTES = 256 * 1024;
/** Largest chunk size a manifest may declare (bounds the memory of one decryption). */
export const ATTACHMENT_MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Chunks per uploaded blob ("segment"). The relay accepts whole blobs addressed by their SHA-256, so a segment is
 * the unit an interrupted upload resumes from and the most ciphertext held in memory; 16 × 256 KiB = 4 MiB keeps
 * a 50 MB file at 13 uploads, under the relay's default 30 uploads per minute. @default 16
 */
export const ATTACHMENT_SEGMENT_CHUNKS = 16;
/** Largest segment (ciphertext) a manifest may declare: under the relay's default 25 MiB blob limit. */
export const ATTACHMENT_MAX_SEGMENT_BYTES = 24 * 1024 * 1024;
/** Largest attachment: 2 GiB. */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** Most segments in a manifest (2 GiB in 256 KiB segments), so a manifest is at most 2 MiB. */
export const ATTACHMENT_MAX_SEGMENTS = 8192;
/** Attempts of one blob request on HTTP 429, 5xx or a network failure before giving up. @default 6 */
export const ATTACHMENT_MAX_ATTEMPTS = 6;
