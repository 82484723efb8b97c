/**
 * Limits of the relay's calls feature, each with its reason.
 * @module
 */

/**
 * Lifetime of a LiveKit access token in seconds. Short: the token only has to survive the join (LiveKit
 * keeps a joined participant connected past expiry and refreshes its own token), so a leaked one is soon
 * useless. @default 120
 */
export const LIVEKIT_TOKEN_TTL_SECONDS = 120;

/** Longest LiveKit token lifetime a caller may ask for: ten minutes. */
export const LIVEKIT_TOKEN_MAX_TTL_SECONDS = 600;

/**
 * Lifetime of TURN REST credentials in seconds. coturn refuses an allocation whose username timestamp has
 * passed, and keeps an existing allocation alive by refresh, so one call's setup is enough. @default 600
 */
export const TURN_CREDENTIALS_TTL_SECONDS = 600;

/** Longest TURN credential lifetime a caller may ask for: one day, as the coturn REST draft suggests. */
export const TURN_CREDENTIALS_MAX_TTL_SECONDS = 86_400;

/** Shortest accepted HMAC key (LiveKit API secret, TURN secret, hashing key) in bytes: 128 bits. */
export const MIN_SERVER_SECRET_BYTES = 16;

/** Longest room id or identity accepted before hashing, in characters. */
export const MAX_CALL_NAME_CHARS = 256;

/**
 * Domain-separation labels for the names the SFU sees. The relay hashes room ids and identities with
 * HMAC-SHA-256 under its own key so that LiveKit never learns them; each kind of name has its own label so a
 * room name can never equal an identity.
 */
export const LIVEKIT_ROOM_NAME_LABEL = 'cryptalk/calls/livekit-room/v1';

/** See {@link LIVEKIT_ROOM_NAME_LABEL}. */
export const LIVEKIT_IDENTITY_LABEL = 'cryptalk/calls/livekit-identity/v1';

/** See {@link LIVEKIT_ROOM_NAME_LABEL}: the pseudonym after the expiry in a TURN REST username. */
export const TURN_USERNAME_LABEL = 'cryptalk/calls/turn-username/v1';
