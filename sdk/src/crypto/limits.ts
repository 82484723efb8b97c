/**
 * Every limit of the crypto core, with its reason. Configurable ones carry `@default`.
 *
 * @module
 */

/** Largest message counter of the AEAD message layer (nonce = base XOR u64 counter; 2^48 keeps far below AES-GCM's 2^32-message-per-random-nonce concern since nonces here are never random). */
export const AEAD_MAX_COUNTER = 2 ** 48 - 1;

/** Skipped message keys kept per receiving chain (Signal's MAX_SKIP): bounds work an attacker can force per message. @default 1000 */
export const RATCHET_MAX_SKIP_PER_CHAIN = 1000;
/** Skipped message keys kept per session across all chains; oldest evicted first. @default 2000 */
export const RATCHET_MAX_SKIPPED_PER_SESSION = 2000;
/** Largest message number in a chain (u32 in the header). */
export const RATCHET_MAX_MESSAGE_NUMBER = 0xffffffff;
/** Largest plaintext of one ratchet message (64 KiB): attachments go through the blob store instead. */
export const RATCHET_MAX_PLAINTEXT = 64 * 1024;

/** How long an issued auth challenge may be answered. @default 60000 */
export const AUTH_CHALLENGE_TTL_MS = 60_000;
/** Largest number of challenges outstanding in one verifier; older ones are evicted. @default 10000 */
export const AUTH_MAX_OUTSTANDING = 10_000;
/** Largest number of challenges outstanding per connection. @default 4 */
export const AUTH_MAX_PER_CONNECTION = 4;
/** Longest relay origin accepted in a challenge, in UTF-8 bytes. */
export const AUTH_MAX_ORIGIN_BYTES = 255;
/** Longest connection id accepted in a challenge, in UTF-8 bytes. */
export const AUTH_MAX_CONN_ID_BYTES = 128;
/** Longest room id accepted for room-key derivation, in UTF-8 bytes. */
export const AUTH_MAX_ROOM_ID_BYTES = 255;

/** One-time prekeys published per batch. @default 100 */
export const PQXDH_ONE_TIME_PREKEY_BATCH = 100;

/** Ephemeral keys of completed handshakes remembered to reject replayed initial messages. @default 10000 */
export const PQXDH_SEEN_EPHEMERALS = 10_000;

/** OWASP (2024) scrypt minimum: N=2^17, r=8, p=1. @default */
export const SCRYPT_OWASP = { N: 2 ** 17, r: 8, p: 1 } as const;
/**
 * Highest scrypt cost accepted, when wrapping and from a stored header: twice what the project writes
 * (N=2^17, r=8, p=1), so a tampered header cannot make unwrapping allocate more than 256 MiB
 * (scrypt uses 128·N·r bytes) or run more than twice the work.
 */
export const SCRYPT_MAX = { N: 2 ** 18, memoryBytes: 2 * 128 * 2 ** 17 * 8, p: 2 } as const;
/** OWASP (2024) Argon2id minimum: m=19 MiB, t=2, p=1. @default */
export const ARGON2ID_OWASP = { m: 19 * 1024, t: 2, p: 1 } as const;
/**
 * Ceiling on Argon2id costs accepted when wrapping or unwrapping: the stored header is attacker-controlled, so
 * a tampered one must not make unwrapping allocate more than 256 MiB (`m`, in KiB; the same bound as scrypt's)
 * or loop without end. It leaves room for RFC 9106's second recommended option (m=64 MiB, t=3, p=4).
 */
export const ARGON2ID_MAX = { m: 256 * 1024, t: 8, p: 4 } as const;
/**
 * Bytes of CSPRNG output drawn per `getRandomValues` call for at-rest record nonces (170 nonces of 24 bytes):
 * one call costs about as much as sealing a small record, so drawing in blocks keeps it off the per-record path.
 */
export const RANDOM_POOL_BYTES = 4096;
/** Largest at-rest record plaintext (16 MiB). */
export const AT_REST_MAX_RECORD = 16 * 1024 * 1024;

/** Safety number: SHA-512 iterations per fingerprint (as Signal's numeric fingerprint). */
export const SAFETY_NUMBER_ITERATIONS = 5200;

/**
 * Imported HPKE public keys (WebCrypto `CryptoKey`s) the MLS provider keeps per ciphersuite, so a commit does not
 * re-import every copath node's key (public values only; oldest evicted first). @default 4096
 */
export const MLS_HPKE_PUBLIC_KEY_CACHE = 4096;

/**
 * Delays, in ms, before the further attempts to load the MLS provider's HPKE framing when a received commit needs
 * it (`loadHpkeForCommit`): a commit that cannot be processed is skipped and costs the member a rejoin, so a
 * failed download (a network blip) is tried again three times, within about 5 s, before it gives up.
 */
export const HPKE_COMMIT_LOAD_RETRY_MS: readonly number[] = [250, 1000, 4000];
