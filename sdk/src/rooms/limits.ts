/**
 * Limits of the rooms layer.
 * @module
 */

/** How long a group invite link admits joiners unless told otherwise, in s. @default 7 days */
export const DEFAULT_INVITE_TTL_SECONDS = 7 * 86_400;
/** Longest invite lifetime, in s (30 days). */
export const MAX_INVITE_TTL_SECONDS = 30 * 86_400;
/** Longest display name, in UTF-16 code units. */
export const MAX_DISPLAY_NAME_LENGTH = 64;
/** Longest room name, in UTF-16 code units. */
export const MAX_ROOM_NAME_LENGTH = 128;
/** Most messages one history page returns. */
export const MAX_HISTORY_PAGE = 500;
/**
 * How many recent own message ids a room remembers to skip its own echoes, and how many own messages waiting
 * for their relay offset it keeps in memory (so an ack needs no store read): as many as the outbox may hold
 * (its `OUTBOX_MAX_QUEUED`), since each is one of its queued messages. With fewer, a burst of sends larger than
 * the memory made every later ack read the store inside the room's queue, one commit at a time.
 */
export const OWN_ECHO_MEMORY = 10_000;
/** How often a commit that lost the race for an epoch is retried. */
export const MAX_COMMIT_RETRIES = 8;
/**
 * How old a device's own keys in a group room may get before its next send also commits an update of them (MLS
 * post-compromise security: keys stolen from a device stop opening the room's messages once it updates), in ms.
 * A day, as Matrix rotates a Megolm session at most weekly and after 100 messages; an update commit costs the
 * committer one HPKE seal per copath node (`docs/sdk.md` § Performance of MLS commits).
 */
export const DEFAULT_KEY_UPDATE_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How long a joiner waits for a member to admit it, in ms. @default 20 s */
export const DEFAULT_JOIN_TIMEOUT_MS = 20_000;
/** Invite-secret length in bytes. */
export const INVITE_SECRET_LENGTH = 32;
/** Invite id length in bytes. */
export const INVITE_ID_LENGTH = 8;
/** Bundle fingerprint length in bytes (truncated SHA-256). */
export const BUNDLE_FINGERPRINT_LENGTH = 16;
/**
 * Call signals to send and call signal fragments received that a room keeps, together, while its call wire code
 * loads (on the first signal of a call: `RoomCalls`); more are dropped, as lost signals are. A ring, a video
 * offer in two fragments and a burst of trickled candidates fit.
 */
export const MAX_CALL_SIGNALS_LOADING = 128;
