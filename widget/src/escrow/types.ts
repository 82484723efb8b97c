/**
 * What the escrow card knows about the chain, and the seam through which it reads and writes it.
 *
 * @module
 */
import type { EscrowState, EscrowTerms, Hex } from '@cryptalk/sdk/escrow';
import type { EscrowOfferPayload } from './escrow-offer.js';

/** What a viewer can do on a card; each maps to one `sdk/src/escrow` call. */
export type EscrowAction =
  | 'accept'
  | 'ship'
  | 'release'
  | 'refund'
  | 'dispute'
  | 'expire'
  | 'autoRelease'
  | 'resolveByDefault'
  | 'withdraw';

/** The card's life: `offered` until the order is filled, then the vault's state. */
export type EscrowPhase =
  | 'offered'
  | 'funded'
  | 'shipped'
  | 'released'
  | 'refunded'
  | 'disputed'
  | 'resolved'
  | 'expired'
  | 'unavailable';

/** The viewer's part in the trade. */
export type EscrowRole = 'buyer' | 'seller' | 'arbiter' | 'observer';

/** The asset an offer is priced in. */
export interface EscrowAsset {
  /** `ETH` (the chain's native coin) or the token's symbol. */
  symbol: string;
  decimals: number;
}

/** One reading of the chain for one offer. */
export interface EscrowSnapshot {
  /** The latest block's timestamp (deadlines are judged by chain time, not the device clock). */
  now: number;
  /** Whether the maker's nonce is used (filled or cancelled). */
  nonceUsed: boolean;
  /** The escrow the order opened, once filled. */
  escrow?: {
    id: Hex;
    terms: EscrowTerms;
    state: EscrowState;
    /** What each party can still withdraw (final states only). */
    owed?: { buyer: bigint; seller: bigint };
  };
  /** Symbol and decimals of the price's asset, when known. */
  asset?: EscrowAsset;
}

/** The result of an action. */
export interface EscrowActionResult {
  /** The transaction's hash, when the action sent one. */
  hash?: Hex;
}

/**
 * The card's only way to the chain and the wallet. {@link EthersEscrowDriver} uses `sdk/src/escrow` over an
 * EIP-1193 provider; {@link MemoryEscrowDriver} simulates the vault for tests and stories.
 */
export interface EscrowDriver {
  /**
   * Asks the wallet for an account and checks the chain.
   * @param offer - the offer (its chain id and marketplace).
   * @returns the connected account.
   * @throws EscrowError `ESCROW_NO_PROVIDER`, `ESCROW_WRONG_CHAIN`, `ESCROW_SIGNATURE_REJECTED`.
   */
  connect(offer: EscrowOfferPayload): Promise<string>;
  /**
   * Reads the offer's state (works before connecting when the provider allows reads).
   * @param offer - the offer.
   * @returns the snapshot.
   * @throws EscrowError `ESCROW_WRONG_CHAIN` when the provider is on another chain.
   */
  read(offer: EscrowOfferPayload): Promise<EscrowSnapshot>;
  /**
   * Sends one action from the connected account.
   * @param action - the action.
   * @param offer - the offer.
   * @param snapshot - the last snapshot (the escrow's terms).
   * @returns the transaction hash.
   * @throws EscrowError with a stable code.
   */
  act(action: EscrowAction, offer: EscrowOfferPayload, snapshot: EscrowSnapshot): Promise<EscrowActionResult>;
  /**
   * Asks the wallet to switch to the offer's chain (EIP-3326), when it can.
   * @param chainId - the wanted chain.
   */
  switchChain?(chainId: number): Promise<void>;
}
