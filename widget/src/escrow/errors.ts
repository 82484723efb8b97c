/**
 * Errors of the escrow offer codec. The code is stable and listed in `docs/errors.md` ("Widget escrow").
 *
 * @module
 */
import { CrypTalkError } from '@cryptalk/sdk';

/** Stable codes of {@link EscrowOfferError}. */
export type EscrowOfferErrorCode = 'ESCROW_OFFER_INVALID';

/**
 * A chat message's escrow offer does not decode or does not verify. The message names the field and the rule,
 * never the signature.
 *
 * @example
 * try { decodeEscrowOffer(text) } catch (e) { if (e instanceof EscrowOfferError) showBrokenOffer() }
 */
export class EscrowOfferError extends CrypTalkError {
  override name = 'EscrowOfferError';
  declare readonly code: EscrowOfferErrorCode;

  /**
   * A field is missing or breaks its rule.
   * @param what - the field and the rule, e.g. `order.price must be a uint256`.
   * @returns the error.
   */
  static invalid(what: string): EscrowOfferError {
    return new EscrowOfferError('ESCROW_OFFER_INVALID', `invalid escrow offer: ${what}`);
  }
}
