/**
 * The seller's side of a chat trade: draft an escrow listing for an item, sign it (EIP-712) in the wallet, and
 * get the payload a message carries.
 *
 * @module
 */
import { connectEscrow, EscrowError, type Order } from '@cryptalk/sdk/escrow';
import { type Eip1193Provider, id, ZeroAddress } from 'ethers';
import type { EscrowOfferPayload } from './escrow-offer.js';
import { ESCROW_OFFER_VERSION } from './escrow-offer.js';
import { MAX_DESCRIPTION_CHARS } from './limits.js';

/** What the seller lists. */
export interface ListingDraft {
  /** The item's description; its keccak256 is signed as `order.item`. */
  description: string;
  /** Price in wei (ETH) or token units. */
  price: bigint;
  /** Who rules disputes (an EOA or a multisig). */
  arbiter: string;
  /** ERC-20 token, or the zero address for ETH; @default ETH */
  token?: string;
  /** Unix seconds, inclusive; @default one day from now */
  expiry?: number;
  /** Other order fields (shipWithin, inspectionPeriod, …); the SDK's defaults otherwise. */
  order?: Partial<Omit<Order, 'maker' | 'price' | 'item' | 'arbiter' | 'token' | 'expiry'>>;
}

/**
 * Signs an escrow listing with the wallet's account as seller.
 *
 * @param eip1193 - the seller's wallet.
 * @param deployment - the chain id and marketplace address.
 * @param draft - the item, price and arbiter.
 * @returns the payload to attach to a message (see `escrowOfferToText`).
 * @throws EscrowError `ESCROW_NO_PROVIDER`, `ESCROW_WRONG_CHAIN`, `ESCROW_SIGNATURE_REJECTED`, `ESCROW_INVALID_ARGUMENT`.
 * @example
 * const offer = await signEscrowListing(window.ethereum, { chainId: 31337, marketplace }, draft);
 * await chat.send(escrowOfferToText(offer));
 */
export async function signEscrowListing(
  eip1193: Eip1193Provider,
  deployment: { chainId: number; marketplace: string },
  draft: ListingDraft,
): Promise<EscrowOfferPayload> {
  if (!draft.description || draft.description.length > MAX_DESCRIPTION_CHARS) {
    throw EscrowError.invalidArgument(`description must have 1…${MAX_DESCRIPTION_CHARS} characters`);
  }
  if (draft.arbiter === ZeroAddress) throw EscrowError.invalidArgument('an escrow listing needs an arbiter');
  const { market } = await connectEscrow(
    { eip1193 },
    {
      chainId: deployment.chainId,
      marketplace: deployment.marketplace,
      // The listing needs only the marketplace; the other clients are never used here.
      escrowVault: ZeroAddress,
      htlc: ZeroAddress,
      paymentChannel: ZeroAddress,
    },
  );
  const order = await market.draft({
    ...draft.order,
    price: draft.price,
    item: id(draft.description) as `0x${string}`,
    arbiter: draft.arbiter,
    token: draft.token ?? ZeroAddress,
    expiry: draft.expiry ?? Math.floor(Date.now() / 1000) + 86_400,
  });
  return {
    v: ESCROW_OFFER_VERSION,
    chainId: deployment.chainId,
    marketplace: deployment.marketplace,
    order: await market.signListing(order),
    description: draft.description,
  };
}
