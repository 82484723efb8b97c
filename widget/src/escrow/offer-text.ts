/**
 * The escrow offer's text form, free of ethers, Lit and the SDK so the chat core and the script-tag loader can
 * recognise, post and preview offers without loading the escrow chunk.
 *
 * ```
 * cryptalk-escrow-offer:1:<base64 (RFC 4648 §4, padded) of the UTF-8 JSON of encodeEscrowOffer>
 * ```
 *
 * Nothing here verifies an offer: only `escrowOfferFromText` (escrow-offer.ts, in the chunk) does, and only a
 * verified offer may become a card. {@link peekEscrowOfferItem} reads the unverified description for a
 * placeholder shown while the chunk loads.
 *
 * @module
 */
import type { EscrowOfferPayload } from './escrow-offer.js';
import { MAX_DESCRIPTION_CHARS, MAX_OFFER_CHARS } from './limits.js';
import { ESCROW_OFFER_TEXT_PREFIX, ESCROW_OFFER_VERSION } from './offer-prefix.js';

export { ESCROW_OFFER_TEXT_PREFIX, ESCROW_OFFER_VERSION, isEscrowOfferText } from './offer-prefix.js';

/** The full head of a version-1 offer text. */
const HEAD = `${ESCROW_OFFER_TEXT_PREFIX}${ESCROW_OFFER_VERSION}:`;

/**
 * Encodes an offer as JSON (integers above 2^53 as decimal strings). Does not check the offer.
 *
 * @param payload - the offer.
 * @returns the JSON text.
 * @example
 * const json = encodeEscrowOffer({ v: 1, chainId, marketplace, order: signedListing, description });
 */
export function encodeEscrowOffer(payload: EscrowOfferPayload): string {
  const { v, chainId, marketplace, order, description } = payload;
  // Key order is part of the golden vectors: v, chainId, marketplace, kind, order, signature, description.
  return JSON.stringify(
    {
      v,
      chainId,
      marketplace,
      kind: order.kind,
      order: order.order,
      signature: order.signature,
      description,
    },
    (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value),
  );
}

/**
 * The offer as message text: `cryptalk-escrow-offer:1:` + base64 of the JSON. Does not check the offer.
 *
 * @param payload - the offer.
 * @returns the text to send.
 */
export function escrowOfferToText(payload: EscrowOfferPayload): string {
  return `${HEAD}${btoa(String.fromCharCode(...new TextEncoder().encode(encodeEscrowOffer(payload))))}`;
}

/**
 * The unverified item description of an offer text, for a placeholder while the escrow chunk loads.
 * Never use it for anything but display next to a "loading" marker: the offer is not yet verified.
 *
 * @param text - a message's text.
 * @returns the description, or '' when the text is not a readable offer or has none.
 */
export function peekEscrowOfferItem(text: string): string {
  if (!text.startsWith(HEAD) || text.length > MAX_OFFER_CHARS) return '';
  try {
    const binary = atob(text.slice(HEAD.length));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    const description = (parsed as { description?: unknown } | null)?.description;
    return typeof description === 'string' ? description.slice(0, MAX_DESCRIPTION_CHARS) : '';
  } catch {
    return '';
  }
}

/**
 * The message text to post for an offer: the text form of a payload, or an offer text checked for its prefix
 * and length. The offer's signature is not checked here (it needs the escrow chunk): every receiver verifies it
 * before showing a card, and shows a forged offer as text with a warning.
 *
 * @param offer - a signed offer (e.g. from `signEscrowListing`) or its text form.
 * @returns the message text.
 * @throws TypeError when `offer` is neither a payload nor an offer text.
 * @throws RangeError when the text is longer than {@link MAX_OFFER_CHARS}.
 * @example
 * await chat.send(escrowOfferMessageText(signed));
 */
export function escrowOfferMessageText(offer: EscrowOfferPayload | string): string {
  const text =
    typeof offer === 'string'
      ? offer
      : offer?.v === ESCROW_OFFER_VERSION && offer.order
        ? escrowOfferToText(offer)
        : '';
  if (!text.startsWith(HEAD)) throw new TypeError(`not an escrow offer (${HEAD}…)`);
  if (text.length > MAX_OFFER_CHARS)
    throw new RangeError(`escrow offer text over ${MAX_OFFER_CHARS} characters`);
  return text;
}
