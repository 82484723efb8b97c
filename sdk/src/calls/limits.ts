/**
 * Limits and defaults of calls, each with its reason.
 * @module
 */

/**
 * How long P2P may try before the call moves to the SFU, from the start of the P2P attempt. One ICE
 * restart happens at half this time (or at once when ICE reports `failed`); if ICE has still not connected
 * at the full time, the call falls back. @default 8000
 */
export const P2P_CONNECT_TIMEOUT_MS = 8_000;

/** Shortest accepted {@link P2P_CONNECT_TIMEOUT_MS}: below this even loopback ICE can lose the race. */
export const MIN_P2P_CONNECT_TIMEOUT_MS = 500;

/** At this many participants (self included) a call goes to the SFU instead of P2P. */
export const SFU_PARTICIPANT_THRESHOLD = 3;

/** How often quality stats are sampled and emitted. @default 2000 */
export const STATS_INTERVAL_MS = 2_000;

/**
 * Signals older than this (by the sender's `sentAt`) are dropped: signalling is ephemeral and a stale offer
 * or candidate only confuses negotiation. Generous to tolerate clock skew between devices.
 */
export const SIGNAL_MAX_AGE_MS = 30_000;

/** Largest SDP accepted in a signal, in characters (a video + audio + data offer is ~6 kB). */
export const MAX_SDP_CHARS = 65_536;

/** Largest ICE candidate line accepted in a signal, in characters. */
export const MAX_CANDIDATE_CHARS = 1_024;

/** Largest encoded signal accepted, in characters. */
export const MAX_SIGNAL_CHARS = 80_000;

/** Longest participant or call id accepted in a signal, in characters. */
export const MAX_SIGNAL_ID_CHARS = 256;

/** Media keys per LiveKit keyring; key epochs wrap around it, so old in-flight frames still decrypt. */
export const MEDIA_KEYRING_SIZE = 16;

/** Bytes of key material handed to LiveKit's key provider per epoch (HKDF output, 256 bits). */
export const MEDIA_KEY_BYTES = 32;

/** A LiveKit token older than this many ms is fetched again before joining (relay tokens live 120 s). */
export const LIVEKIT_TOKEN_REFRESH_MS = 60_000;

/** Calls that rang and were not joined that a manager remembers (oldest forgotten first). */
export const MAX_PENDING_RINGS = 16;

/**
 * How long a newly opened camera may take to deliver its first frame before it counts as unusable (see
 * `probeColourVideo`), in ms. Generous: a loaded machine opens cameras slowly.
 */
export const VIDEO_PROBE_TIMEOUT_MS = 3_000;

/**
 * How long an unanswered ring rings at a callee before it is cancelled as `expired`, in ms: a caller whose
 * page crashed never sends `leave`, and a ringing card must not stay forever.
 */
export const RING_TIMEOUT_MS = 60_000;

/**
 * Peer signals (descriptions, candidates) kept while the P2P link is still being created; a burst of
 * trickled candidates fits, a flood does not.
 */
export const MAX_EARLY_SIGNALS = 64;

/** Bytes of a per-call media secret (1:1 rooms draw one per call and send it inside the encrypted ring). */
export const CALL_SECRET_BYTES = 32;

/** Bytes of the MLS exporter secret a group room hands to calls (labels.ts `LABEL_CALL_GROUP_SECRET`). */
export const CALL_GROUP_SECRET_BYTES = 32;

/**
 * UTF-8 bytes of signal text per encrypted fragment. The relay carries at most 8 KiB per ephemeral signal
 * (`MAX_SIGNAL_BYTES`); the content envelope, its signature and the MLS or ratchet framing take under 1 KiB,
 * so a video offer (often 6–9 kB) travels in two fragments.
 */
export const SIGNAL_FRAGMENT_BYTES = 6_144;

/** Most fragments of one signal: enough for {@link MAX_SIGNAL_CHARS} of ASCII text. */
export const MAX_SIGNAL_FRAGMENTS = 16;

/** Signals being reassembled at once per room; a new one beyond this evicts the oldest. */
export const MAX_PENDING_FRAGMENTED = 8;

/** A partly received signal is forgotten after this many ms (its fragments are ephemeral too). */
export const FRAGMENT_TIMEOUT_MS = 10_000;
