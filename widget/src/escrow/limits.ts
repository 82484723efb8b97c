/**
 * Limits of the escrow card and its offer payload.
 *
 * @module
 */

/** Longest accepted encoded offer (JSON or message text), in characters: an order is ~900; room for a description. */
export const MAX_OFFER_CHARS = 4096;

/** Longest item description an offer may carry, in characters (it is hashed into the signed order). */
export const MAX_DESCRIPTION_CHARS = 280;

/** How often a card re-reads the chain while it shows a live escrow, in ms. @default 4000 */
export const DEFAULT_POLL_INTERVAL_MS = 4000;

/** The fastest a card may poll, in ms (protects public RPC endpoints). */
export const MIN_POLL_INTERVAL_MS = 250;

/** How many offer cards a message list keeps for rows that scrolled away (the longest unseen go first). */
export const MAX_KEPT_OFFER_CARDS = 100;

/** After a failed load of the escrow chunk, how long offers stay text before a list render tries again, in ms. */
export const CHUNK_RETRY_MS = 30_000;
