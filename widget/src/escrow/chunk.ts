/**
 * The escrow chunk (`cryptalk-escrow.js`, ES module beside `cryptalk.js`): defines `<cryptalk-escrow-card>`
 * and carries ethers and `sdk/src/escrow`. Loaded by {@link loadEscrowChunk} the first time a message needs an
 * escrow card, so neither the loader nor the chat core grows by it.
 * @module
 */
import '../components/escrow/escrow.js';

export { CryptalkEscrowCard, CryptalkEscrowChangeEvent } from '../components/escrow/escrow.js';
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
export { EthersEscrowDriver } from './ethers-escrow-driver.js';
export { MemoryEscrowDriver } from './memory-escrow-driver.js';
export { type ListingDraft, signEscrowListing } from './sign-listing.js';
