/**
 * Test and story helper: a signed escrow listing from a known key. Not part of the package's exports.
 * @module
 */
import { LISTING_TYPES, MARKETPLACE_DOMAIN, type Order } from '@cryptalk/sdk/escrow';
import { id, Wallet, ZeroAddress } from 'ethers';
import type { EscrowOfferPayload } from './escrow-offer.js';

/** Anvil's second and third default keys (public test keys): a seller and a buyer. */
export const TEST_SELLER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d';
/** The buyer's test key. */
export const TEST_BUYER_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
/** A test marketplace address. */
export const TEST_MARKETPLACE = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';

/**
 * Signs a 1 ETH escrow listing for `description` with the test seller's key.
 * @param overrides - order fields to change before signing.
 * @param description - the item.
 * @returns the payload.
 */
export async function signedTestListing(
  overrides: Partial<Order> = {},
  description = 'Vintage bike',
): Promise<EscrowOfferPayload> {
  const seller = new Wallet(TEST_SELLER_KEY);
  const order: Order = {
    maker: seller.address,
    taker: ZeroAddress,
    token: ZeroAddress,
    price: 10n ** 18n,
    item: id(description) as `0x${string}`,
    arbiter: '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
    shipWithin: 7 * 86_400,
    inspectionPeriod: 3 * 86_400,
    arbitrationPeriod: 7 * 86_400,
    defaultBuyerBps: 5_000,
    nonce: 42n,
    counter: 0n,
    expiry: 4_102_444_800,
    ...overrides,
  };
  const { maker, ...rest } = order;
  const signature = (await seller.signTypedData(
    { name: MARKETPLACE_DOMAIN, version: '1', chainId: 31337, verifyingContract: TEST_MARKETPLACE },
    LISTING_TYPES,
    { seller: maker, ...rest },
  )) as `0x${string}`;
  return {
    v: 1,
    chainId: 31337,
    marketplace: TEST_MARKETPLACE,
    order: { kind: 'listing', order, signature },
    description,
  };
}

/** {@link signedTestListing}() as message text (EIP-712 signatures are deterministic): a golden vector. */
export const TEST_LISTING_TEXT =
  'cryptalk-escrow-offer:1:eyJ2IjoxLCJjaGFpbklkIjozMTMzNywibWFya2V0cGxhY2UiOiIweGU3ZjE3MjVFNzczNENFMjg4RjgzNjdlMUJiMTQzRTkwYmIzRjA1MTIiLCJraW5kIjoibGlzdGluZyIsIm9yZGVyIjp7Im1ha2VyIjoiMHg3MDk5Nzk3MEM1MTgxMmRjM0EwMTBDN2QwMWI1MGUwZDE3ZGM3OUM4IiwidGFrZXIiOiIweDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAiLCJ0b2tlbiI6IjB4MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMCIsInByaWNlIjoiMTAwMDAwMDAwMDAwMDAwMDAwMCIsIml0ZW0iOiIweGE2ZmRjZDQ5OWU4OWVhYTA0YTJiNTZmMDMyNWJhMmQyZjUxMGMyZjk2ZmNjMDAyNWQ4OTEzZjg3OWRjMDIyMGYiLCJhcmJpdGVyIjoiMHg5MEY3OWJmNkVCMmM0Zjg3MDM2NUU3ODU5ODJFMWYxMDFFOTNiOTA2Iiwic2hpcFdpdGhpbiI6NjA0ODAwLCJpbnNwZWN0aW9uUGVyaW9kIjoyNTkyMDAsImFyYml0cmF0aW9uUGVyaW9kIjo2MDQ4MDAsImRlZmF1bHRCdXllckJwcyI6NTAwMCwibm9uY2UiOiI0MiIsImNvdW50ZXIiOiIwIiwiZXhwaXJ5Ijo0MTAyNDQ0ODAwfSwic2lnbmF0dXJlIjoiMHg0ODAwYTgwYTFiMmY0OWNhZWJlMzZlNjI0MTEyYjkxMDM5Mzg3MzY0YWYwODYwNzZiYjc5MDhhMDFjOWNlNjQwNmRiMTBlYWY0NjlmODY1NjVmMzAzOWMyYjI0MmJhNmUyNDVmMjUyM2RkMDk2NjcwMmVlMTQzNGQ2Y2ZjZWQ0ZjFjIiwiZGVzY3JpcHRpb24iOiJWaW50YWdlIGJpa2UifQ==';
