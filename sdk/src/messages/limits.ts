/**
 * Limits of the plaintext message content, each with its reason. The decoder checks every field against them
 * and refuses anything larger with `MSG_TOO_LARGE`, so hostile input can never make it allocate much.
 *
 * @module
 */

/** Largest encoded message: well under the protocol's 192 KiB ciphertext limit, leaving room for padding and headers. */
export const MSG_MAX_BYTES = 64 * 1024;
/** Longest message text, in UTF-8 bytes (≈ what a chat bubble can sensibly show). */
export const MSG_MAX_TEXT_BYTES = 16 * 1024;
/** Most mentions in one text. */
export const MSG_MAX_MENTIONS = 64;
/** Longest member id (a pseudonymous key or device id in text form), in UTF-8 bytes. */
export const MSG_MAX_MEMBER_ID_BYTES = 128;
/** Longest reaction emoji, in UTF-8 bytes (room for ZWJ sequences with skin tones). */
export const MSG_MAX_EMOJI_BYTES = 64;
/** Longest display name, in UTF-8 bytes. */
export const MSG_MAX_DISPLAY_NAME_BYTES = 128;
/** Longest URL in a link preview, in UTF-8 bytes. */
export const MSG_MAX_URL_BYTES = 2048;
/** Longest link-preview title, in UTF-8 bytes. */
export const MSG_MAX_TITLE_BYTES = 512;
/** Longest link-preview description, in UTF-8 bytes. */
export const MSG_MAX_DESCRIPTION_BYTES = 2048;
/** Longest attachment file name, in UTF-8 bytes. */
export const MSG_MAX_FILE_NAME_BYTES = 255;
/** Longest MIME type, in UTF-8 bytes (RFC 6838 §4.2 allows 127 + "/" + 127). */
export const MSG_MAX_MIME_BYTES = 255;
/** Longest blob address (a base64url SHA-256 today; room for CIDs of other stores later), in UTF-8 bytes. */
export const MSG_MAX_BLOB_ID_BYTES = 128;
/** Longest disappearing timer: one year, in seconds. 0 means off. */
export const MSG_MAX_TIMER_SECONDS = 365 * 24 * 3600;
/** Largest attachment the reference may describe (matches the attachments module's limit): 2 GiB. */
export const MSG_MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024 * 1024;
/** Largest attachment chunk size (matches the attachments module's limit): 4 MiB. */
export const MSG_MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** Length of a message id in bytes (the protocol's 128-bit ids, 22 base64url characters on the wire). */
export const MSG_ID_BYTES = 16;
/** Length of hashes and keys carried in content (SHA-256 digests, AEAD keys). */
export const MSG_HASH_BYTES = 32;

/** HTML a link preview parser looks at: only the head matters, and a bound keeps parsing cheap. */
export const PREVIEW_MAX_HTML_CHARS = 512 * 1024;
/**
 * How long a sender waits for its app's fetcher before sending no preview, in ms: a slow site must not hold the
 * preview (or the fetcher's resources) for long. @default 5000
 */
export const PREVIEW_FETCH_TIMEOUT_MS = 5000;
/** Longest single tag the preview parser reads. */
export const PREVIEW_MAX_TAG_CHARS = 4096;
/** Title kept in a preview, in characters. */
export const PREVIEW_MAX_TITLE_CHARS = 200;
/** Description kept in a preview, in characters. */
export const PREVIEW_MAX_DESCRIPTION_CHARS = 500;
/**
 * Largest preview image a sender fetches and uploads (a thumbnail, not the page's full-size picture): bounds
 * what a link costs the sender's bandwidth and the room's storage. @default 512 KiB
 */
export const PREVIEW_MAX_IMAGE_BYTES = 512 * 1024;

/** Most messages a {@link MessageLog} keeps per room before dropping the oldest from memory. @default 10000 */
export const LOG_DEFAULT_MAX_MESSAGES = 10_000;
/** Operations (edits, reactions, deletes, previews) kept for targets not seen yet. @default 10000 */
export const LOG_DEFAULT_MAX_ORPHANS = 10_000;
