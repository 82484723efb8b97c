/**
 * Hard limits of the wire format. Every decoder checks every field against these; a value outside them is a
 * `ProtocolError`, never a crash. Relays may be configured lower, never higher.
 */

/** Largest WebSocket frame, in bytes, a relay accepts by default. Bounds memory per frame. @default 256 KiB */
export const MAX_FRAME_BYTES = 256 * 1024;

/** Largest ciphertext in one envelope, in bytes (before base64url). Attachments go through blobs instead. */
export const MAX_CIPHERTEXT_BYTES = 192 * 1024;

/** Room ids are opaque base64url strings of this length range (at least 128 bits of entropy). */
export const ROOM_ID_MIN_LENGTH = 22;
/** Longest room id: 512 bits in base64url. */
export const ROOM_ID_MAX_LENGTH = 86;

/** Message ids are 128-bit random values in base64url without padding: exactly 22 characters. */
export const MSG_ID_LENGTH = 22;

/** Offsets are non-negative safe integers. */
export const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** Largest MLS epoch accepted in an envelope. */
export const MAX_EPOCH = Number.MAX_SAFE_INTEGER;

/** Longest request correlation id a client may attach to a frame. */
export const MAX_REQUEST_ID_LENGTH = 32;

/** Longest error message the relay sends; messages never contain keys, room ids or payloads. */
export const MAX_ERROR_MESSAGE_LENGTH = 200;

/** Room key (Ed25519 public key, 32 bytes) in base64url: 43 characters. */
export const KEY_B64_LENGTH = 43;

/** Auth challenge nonce (32 bytes) in base64url: 43 characters. */
export const NONCE_B64_LENGTH = 43;

/** Auth proof (Ed25519 signature, 64 bytes) in base64url: 86 characters. */
export const SIG_B64_LENGTH = 86;

/** Connection ids the relay hands out in challenges: 1 to 32 base64url characters. */
export const MAX_CONN_ID_LENGTH = 32;

/** Largest ephemeral signal payload (typing, call signalling), in bytes before base64url. */
export const MAX_SIGNAL_BYTES = 8 * 1024;

/** Largest directory item (a prekey bundle, one-time prekey or MLS key package), in bytes before base64url. */
export const MAX_KEY_ITEM_BYTES = 16 * 1024;

/** Most one-time prekeys or key packages in one `keys.put` frame. */
export const MAX_KEY_ITEMS_PER_PUT = 100;

/** Longest room lifetime a client may ask for, in seconds (30 days). */
export const MAX_ROOM_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Longest lifetime a client may give one message, in seconds (one year: the longest disappearing timer). The
 * relay removes the ciphertext once it passes; its own history retention may remove it sooner.
 */
export const MAX_MESSAGE_TTL_SECONDS = 365 * 24 * 3600;

/** Longest room stream epoch (a relay-chosen id of one generation of a room's history). */
export const MAX_STREAM_EPOCH_LENGTH = 32;
