/**
 * Plain data types of the escrow client, mirroring the Solidity structs field for field.
 *
 * @module
 */

/** A 0x-prefixed hex string. */
export type Hex = `0x${string}`;

/** Addresses of one deployment (see `@cryptalk/marketplace`'s `deployMarketplace`). */
export interface EscrowDeployment {
  /** Chain id the contracts live on; every write checks the wallet is on it. */
  chainId: number;
  /** EscrowVault address. */
  escrowVault: string;
  /** Marketplace address. */
  marketplace: string;
  /** HTLC address. */
  htlc: string;
  /** PaymentChannel address. */
  paymentChannel: string;
}

/** `EscrowVault.Terms`: an escrow's id is `keccak256(abi.encode(terms))`. */
export interface EscrowTerms {
  buyer: string;
  seller: string;
  arbiter: string;
  /** Payment token, or the zero address for ETH. */
  token: string;
  amount: bigint;
  buyerDeposit: bigint;
  sellerDeposit: bigint;
  /** ERC-721 asset title deposited by the seller to ship, or the zero address. */
  titleToken: string;
  titleId: bigint;
  /** Unix seconds; the last second the seller may ship. */
  shipBy: number;
  inspectionPeriod: number;
  arbitrationPeriod: number;
  /** Buyer share in basis points when the arbiter never rules. */
  defaultBuyerBps: number;
  salt: Hex;
}

/** The on-chain state names of an escrow. */
export const ESCROW_STATES = [
  'none',
  'funded',
  'shipped',
  'released',
  'refunded',
  'disputed',
  'resolved',
  'expired',
] as const;

/** One escrow state name. */
export type EscrowStateKind = (typeof ESCROW_STATES)[number];

/** An escrow's state as a discriminated union. */
export type EscrowState =
  | { kind: 'none' }
  | { kind: 'funded'; shipBy: number; buyerIn: bigint }
  | { kind: 'shipped'; inspectionEnds: number; buyerIn: bigint; sellerIn: bigint }
  | { kind: 'disputed'; ruleBy: number; buyerIn: bigint; sellerIn: bigint }
  | { kind: 'released' | 'refunded' | 'expired'; buyerIn: bigint; sellerIn: bigint }
  | { kind: 'resolved'; buyerBps: number; buyerIn: bigint; sellerIn: bigint };

/** `Marketplace.Order`: a listing (maker = seller) or an offer (maker = buyer). */
export interface Order {
  maker: string;
  /** The only account allowed to fill, or the zero address for anyone. */
  taker: string;
  token: string;
  price: bigint;
  /** keccak256 of the item description both parties agreed on. */
  item: Hex;
  /** Non-zero: the fill opens an escrow with this arbiter. */
  arbiter: string;
  shipWithin: number;
  inspectionPeriod: number;
  arbitrationPeriod: number;
  defaultBuyerBps: number;
  nonce: bigint;
  counter: bigint;
  /** Unix seconds, inclusive. */
  expiry: number;
}

/** An order with its maker's EIP-712 signature. */
export interface SignedOrder {
  kind: 'listing' | 'offer';
  order: Order;
  signature: Hex;
}

/** `HTLC.Lock`. */
export interface HtlcLock {
  sender: string;
  receiver: string;
  token: string;
  amount: bigint;
  /** sha256 of the 32-byte secret. */
  hashlock: Hex;
  /** Unix seconds; the last second a claim is accepted. */
  timelock: number;
  salt: Hex;
}

/** `PaymentChannel.Channel`. */
export interface ChannelInfo {
  sender: string;
  expiry: number;
  closed: boolean;
  recipient: string;
  token: string;
  deposit: bigint;
  paid: bigint;
}

/** A cumulative voucher signed by the channel's sender. */
export interface Voucher {
  channelId: Hex;
  amount: bigint;
  signature: Hex;
}
