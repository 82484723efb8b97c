/**
 * An in-memory escrow driver: the vault's state machine without a chain, for component tests, the story
 * catalogue and design reviews. It follows the rules of `EscrowVault` (docs/escrow.md) closely enough to drive
 * every card state, and can be told to fail the next action with any `EscrowError`.
 *
 * @module
 */
import { EscrowError, type EscrowState, type EscrowTerms, type Hex } from '@cryptalk/sdk/escrow';
import type { EscrowOfferPayload } from './escrow-offer.js';
import { orderDigest } from './offer-digest.js';
import type { EscrowAction, EscrowActionResult, EscrowAsset, EscrowDriver, EscrowSnapshot } from './types.js';

/** Options of {@link MemoryEscrowDriver}. */
export interface MemoryEscrowDriverOptions {
  /** The account `connect()` returns. */
  account: string;
  /** The chain the "wallet" is on; @default the offer's */
  chainId?: number;
  /** Chain time in unix seconds; @default the device clock */
  now?: number;
  /** The asset the price is in; @default ETH */
  asset?: EscrowAsset;
}

let txCounter = 0;
const fakeHash = (): Hex => `0x${(++txCounter).toString(16).padStart(64, '0')}` as Hex;

/**
 * Simulates one escrow for one offer, shared by every card that uses the same driver (a buyer's and a
 * seller's card can share one and switch `account`).
 *
 * @example
 * const driver = new MemoryEscrowDriver({ account: buyer });
 * card.driver = driver;
 * driver.failNext(EscrowError.rejected());
 */
export class MemoryEscrowDriver implements EscrowDriver {
  /** The connected account (change it to act as the other party). */
  account: string;
  /** Chain time in unix seconds. */
  now: number;
  /** The wallet's chain; `undefined` = the offer's. */
  chainId: number | undefined;
  /** Every action performed, in order. */
  readonly log: EscrowAction[] = [];
  private escrow:
    | { id: Hex; terms: EscrowTerms; state: EscrowState; paid: { buyer: boolean; seller: boolean } }
    | undefined;
  private nonceUsed = false;
  private failure: EscrowError | undefined;
  private readonly assetInfo: EscrowAsset;

  /** @param options - the account, chain, time and asset. */
  constructor(options: MemoryEscrowDriverOptions) {
    this.account = options.account;
    this.chainId = options.chainId;
    this.now = options.now ?? Math.floor(Date.now() / 1000);
    this.assetInfo = options.asset ?? { symbol: 'ETH', decimals: 18 };
  }

  /** Makes the next `connect`, `read` or `act` throw `error`. @param error - the error. */
  failNext(error: EscrowError): void {
    this.failure = error;
  }

  /**
   * Puts the escrow directly into a state (for stories and tests).
   * @param offer - the offer.
   * @param state - the state; `none` = not filled.
   * @param buyer - the buyer of a listing open to anyone.
   */
  setState(offer: EscrowOfferPayload, state: EscrowState, buyer?: string): void {
    if (state.kind === 'none') {
      this.escrow = undefined;
      this.nonceUsed = false;
      return;
    }
    if (!this.escrow) this.fill(offer, buyer ?? this.account);
    if (this.escrow) this.escrow.state = state;
  }

  async connect(offer: EscrowOfferPayload): Promise<string> {
    this.throwIfFailing();
    this.checkChain(offer);
    return this.account;
  }

  async read(offer: EscrowOfferPayload): Promise<EscrowSnapshot> {
    this.throwIfFailing();
    this.checkChain(offer);
    const snapshot: EscrowSnapshot = { now: this.now, nonceUsed: this.nonceUsed, asset: this.assetInfo };
    const e = this.escrow;
    if (e) {
      const final = !['funded', 'shipped', 'disputed'].includes(e.state.kind);
      snapshot.escrow = {
        id: e.id,
        terms: e.terms,
        state: e.state,
        ...(final ? { owed: this.owed() } : {}),
      };
    }
    return snapshot;
  }

  async act(action: EscrowAction, offer: EscrowOfferPayload): Promise<EscrowActionResult> {
    this.throwIfFailing();
    this.checkChain(offer);
    const me = this.account.toLowerCase();
    if (action === 'accept') {
      if (this.nonceUsed) throw EscrowError.contractRevert('MarketplaceNonceUsed', [offer.order.order.maker]);
      this.fill(offer, offer.order.kind === 'listing' ? this.account : offer.order.order.maker);
      this.log.push(action);
      return { hash: fakeHash() };
    }
    const e = this.escrow;
    if (!e) throw EscrowError.notFound('escrow');
    const role =
      me === e.terms.buyer.toLowerCase() ? 'buyer' : me === e.terms.seller.toLowerCase() ? 'seller' : 'other';
    const s = e.state;
    const inState = { buyerIn: e.terms.amount, sellerIn: 0n };
    const refuse = () => EscrowError.contractRevert('EscrowVaultInvalidState', [e.id, s.kind]);
    switch (action) {
      case 'ship':
        if (s.kind !== 'funded' || role !== 'seller' || this.now > s.shipBy) throw refuse();
        e.state = { kind: 'shipped', inspectionEnds: this.now + e.terms.inspectionPeriod, ...inState };
        break;
      case 'release':
      case 'refund':
        if (
          (s.kind !== 'funded' && s.kind !== 'shipped') ||
          role !== (action === 'release' ? 'buyer' : 'seller')
        ) {
          throw refuse();
        }
        e.state = { kind: action === 'release' ? 'released' : 'refunded', ...inState };
        break;
      case 'dispute':
        if ((s.kind !== 'funded' && s.kind !== 'shipped') || role === 'other') throw refuse();
        e.state = { kind: 'disputed', ruleBy: this.now + e.terms.arbitrationPeriod, ...inState };
        break;
      case 'expire':
        if (s.kind !== 'funded' || this.now <= s.shipBy) throw refuse();
        e.state = { kind: 'expired', ...inState };
        break;
      case 'autoRelease':
        if (s.kind !== 'shipped' || this.now <= s.inspectionEnds) throw refuse();
        e.state = { kind: 'released', ...inState };
        break;
      case 'resolveByDefault':
        if (s.kind !== 'disputed' || this.now <= s.ruleBy) throw refuse();
        e.state = { kind: 'resolved', buyerBps: e.terms.defaultBuyerBps, ...inState };
        break;
      case 'withdraw': {
        const owed = this.owed();
        if (role === 'other' || owed[role] === 0n)
          throw EscrowError.contractRevert('EscrowVaultNothingToWithdraw', []);
        e.paid[role] = true;
        this.log.push(action);
        return {};
      }
    }
    this.log.push(action);
    return { hash: fakeHash() };
  }

  async switchChain(chainId: number): Promise<void> {
    this.throwIfFailing();
    this.chainId = chainId;
  }

  private fill(offer: EscrowOfferPayload, buyer: string): void {
    const { order } = offer.order;
    const seller = offer.order.kind === 'listing' ? order.maker : order.taker;
    const terms: EscrowTerms = {
      buyer,
      seller,
      arbiter: order.arbiter,
      token: order.token,
      amount: order.price,
      buyerDeposit: 0n,
      sellerDeposit: 0n,
      titleToken: '0x0000000000000000000000000000000000000000',
      titleId: 0n,
      shipBy: this.now + order.shipWithin,
      inspectionPeriod: order.inspectionPeriod,
      arbitrationPeriod: order.arbitrationPeriod,
      defaultBuyerBps: order.defaultBuyerBps,
      salt: orderDigest(offer.order, offer.chainId, offer.marketplace),
    };
    this.nonceUsed = true;
    this.escrow = {
      id: terms.salt,
      terms,
      state: { kind: 'funded', shipBy: terms.shipBy, buyerIn: terms.amount },
      paid: { buyer: false, seller: false },
    };
  }

  private owed(): { buyer: bigint; seller: bigint } {
    const e = this.escrow;
    if (!e) return { buyer: 0n, seller: 0n };
    const amount = e.terms.amount;
    const s = e.state;
    const buyerShare =
      s.kind === 'refunded' || s.kind === 'expired'
        ? amount
        : s.kind === 'resolved'
          ? (amount * BigInt(s.buyerBps)) / 10_000n
          : 0n;
    return {
      buyer: e.paid.buyer ? 0n : buyerShare,
      seller: e.paid.seller ? 0n : amount - buyerShare,
    };
  }

  private checkChain(offer: EscrowOfferPayload): void {
    if (this.chainId !== undefined && this.chainId !== offer.chainId) {
      throw EscrowError.wrongChain(BigInt(offer.chainId), BigInt(this.chainId));
    }
  }

  private throwIfFailing(): void {
    const f = this.failure;
    this.failure = undefined;
    if (f) throw f;
  }
}
