/**
 * The EIP-712 digest of a signed marketplace order, computed exactly as `Marketplace.listingDigest` /
 * `offerDigest` do (domain `{name: "CrypTalk Marketplace", version: "1", chainId, verifyingContract}`), and
 * the check that the order's maker signed it.
 *
 * @module
 */
import { LISTING_TYPES, MARKETPLACE_DOMAIN, OFFER_TYPES, type SignedOrder } from '@cryptalk/sdk/escrow';
import { recoverAddress, TypedDataEncoder } from 'ethers';

/** The EIP-712 domain version of the marketplace. */
const MARKETPLACE_DOMAIN_VERSION = '1';

function typedData(order: SignedOrder, chainId: number, marketplace: string) {
  const { maker, ...rest } = order.order;
  const listing = order.kind === 'listing';
  return {
    domain: {
      name: MARKETPLACE_DOMAIN,
      version: MARKETPLACE_DOMAIN_VERSION,
      chainId,
      verifyingContract: marketplace,
    },
    types: listing ? LISTING_TYPES : OFFER_TYPES,
    value: { [listing ? 'seller' : 'buyer']: maker, ...rest },
  };
}

/**
 * The order's EIP-712 digest: the `digest` topic of its `OrderFilled` event and the salt of the escrow it opens.
 *
 * @param order - the signed listing or offer.
 * @param chainId - the chain of the marketplace.
 * @param marketplace - the marketplace address (the domain's `verifyingContract`).
 * @returns the 32-byte digest as hex.
 */
export function orderDigest(order: SignedOrder, chainId: number, marketplace: string): `0x${string}` {
  const { domain, types, value } = typedData(order, chainId, marketplace);
  return TypedDataEncoder.hash(domain, types, value) as `0x${string}`;
}

/**
 * Whether the order's maker (an EOA) made its signature. Contract makers (ERC-1271) cannot be checked offline
 * and return false.
 *
 * @param order - the signed listing or offer.
 * @param chainId - the chain of the marketplace.
 * @param marketplace - the marketplace address.
 * @returns true when the signature recovers to `order.order.maker`.
 */
export function isSignedByMaker(order: SignedOrder, chainId: number, marketplace: string): boolean {
  try {
    const signer = recoverAddress(orderDigest(order, chainId, marketplace), order.signature);
    return signer.toLowerCase() === order.order.maker.toLowerCase();
  } catch {
    return false;
  }
}
