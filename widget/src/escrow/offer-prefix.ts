/**
 * How a message text is recognised as an escrow offer: its prefix and version. A module of its own (re-exported
 * by offer-text.ts) so the message list spots offers without carrying the rest of the text helpers, which load
 * with the offer rendering.
 *
 * @module
 */

/** Version of the offer payload. */
export const ESCROW_OFFER_VERSION = 1;

/** Prefix of an offer carried as message text (the version follows). */
export const ESCROW_OFFER_TEXT_PREFIX = 'cryptalk-escrow-offer:';

/**
 * Whether a message text carries an offer (by its prefix; `escrowOfferFromText` still validates it).
 *
 * @param text - a message's text.
 * @returns true when the text starts with the offer prefix.
 * @example
 * if (isEscrowOfferText(message.text)) showPlaceholder();
 */
export function isEscrowOfferText(text: string): boolean {
  return typeof text === 'string' && text.startsWith(ESCROW_OFFER_TEXT_PREFIX);
}
