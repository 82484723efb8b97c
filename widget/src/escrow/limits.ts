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
