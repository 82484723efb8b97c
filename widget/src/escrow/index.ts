// Escrow offers in the chat: the offer codec, the card's model, its drivers and the lazy chunk loader.
export { type EscrowCardModel, escrowCardModel, shortAddress } from './card-model.js';
export { EscrowOfferError, type EscrowOfferErrorCode } from './errors.js';
export {
  decodeEscrowOffer,
  ESCROW_OFFER_TEXT_PREFIX,
  ESCROW_OFFER_VERSION,
  type EscrowOfferPayload,
  encodeEscrowOffer,
  escrowOfferFromText,
  escrowOfferToText,
  isEscrowOfferText,
  validateEscrowOffer,
} from './escrow-offer.js';
export { EthersEscrowDriver, type EthersEscrowDriverOptions } from './ethers-escrow-driver.js';
export {
  CHUNK_RETRY_MS,
  DEFAULT_POLL_INTERVAL_MS,
  MAX_DESCRIPTION_CHARS,
  MAX_KEPT_OFFER_CARDS,
  MAX_OFFER_CHARS,
  MIN_POLL_INTERVAL_MS,
} from './limits.js';
export { ESCROW_FILE, type EscrowChunk, loadEscrowChunk } from './load-escrow.js';
export { MemoryEscrowDriver, type MemoryEscrowDriverOptions } from './memory-escrow-driver.js';
export { isSignedByMaker, orderDigest } from './offer-digest.js';
export { escrowOfferMessageText, peekEscrowOfferItem } from './offer-text.js';
export { type ListingDraft, signEscrowListing } from './sign-listing.js';
export type {
  EscrowAction,
  EscrowActionResult,
  EscrowAsset,
  EscrowDriver,
  EscrowPhase,
  EscrowRole,
  EscrowSnapshot,
} from './types.js';
