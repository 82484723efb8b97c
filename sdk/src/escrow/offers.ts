/**
 * EIP-712 signed listings and offers of `Marketplace`, filled directly or into the escrow, with an EIP-2612
 * permit path.
 *
 * @module
 */
import { marketplaceAbi } from '@cryptalk/marketplace/abi';
import { Contract, Signature, type TransactionReceipt, ZeroAddress, ZeroHash } from 'ethers';
import { type ClientContext, ContractClient, ERC20_ABI } from './contract-client.js';
import { EscrowError } from './errors.js';
import type { Hex, Order, SignedOrder } from './types.js';

/** EIP-712 domain name of the marketplace. */
export const MARKETPLACE_DOMAIN = 'CrypTalk Marketplace';

const orderFields = (maker: 'seller' | 'buyer') => [
  { name: maker, type: 'address' },
  { name: 'taker', type: 'address' },
  { name: 'token', type: 'address' },
  { name: 'price', type: 'uint256' },
  { name: 'item', type: 'bytes32' },
  { name: 'arbiter', type: 'address' },
  { name: 'shipWithin', type: 'uint32' },
  { name: 'inspectionPeriod', type: 'uint32' },
  { name: 'arbitrationPeriod', type: 'uint32' },
  { name: 'defaultBuyerBps', type: 'uint16' },
  { name: 'nonce', type: 'uint256' },
  { name: 'counter', type: 'uint256' },
  { name: 'expiry', type: 'uint256' },
];

/** EIP-712 types of a listing (signed by the seller). */
export const LISTING_TYPES = { Listing: orderFields('seller') };
/** EIP-712 types of an offer (signed by the buyer). */
export const OFFER_TYPES = { Offer: orderFields('buyer') };

/** The result of a fill. */
export interface FillResult {
  /** The escrow opened by the fill, or undefined for a direct fill. */
  escrowId: Hex | undefined;
  receipt: TransactionReceipt;
}

/** Options of a fill. */
export interface FillOptions {
  /** Sign and pass an EIP-2612 permit instead of sending an `approve` transaction (tokens only). */
  permit?: boolean;
}

/**
 * Client of `Marketplace`: sign listings and offers, fill them, cancel them.
 *
 * @example
 * const listing = await seller.market.signListing({ ...order, maker: sellerAddress });
 * await buyer.market.fillListing(listing); // opens an escrow when the listing names an arbiter
 */
export class MarketClient extends ContractClient {
  /**
   * @param ctx - the connection context.
   * @param address - the marketplace address.
   */
  constructor(ctx: ClientContext, address: string) {
    super(ctx, address, marketplaceAbi);
  }

  /**
   * Fills in an order's defaults: the connected account as maker, the current counter, a random nonce.
   *
   * @param partial - the fields to set; `price` and `expiry` are required.
   * @returns a complete order.
   */
  async draft(partial: Partial<Order> & Pick<Order, 'price' | 'expiry'>): Promise<Order> {
    const maker = partial.maker ?? this.address;
    const counter = partial.counter ?? (await this.read<bigint>('counter', maker));
    const nonce =
      partial.nonce ??
      BigInt(
        `0x${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
      );
    return {
      maker,
      taker: ZeroAddress,
      token: ZeroAddress,
      item: ZeroHash as Hex,
      arbiter: ZeroAddress,
      shipWithin: 7 * 86_400,
      inspectionPeriod: 3 * 86_400,
      arbitrationPeriod: 7 * 86_400,
      defaultBuyerBps: 5_000,
      ...partial,
      counter,
      nonce,
    };
  }

  /**
   * Signs a listing as its seller (the connected account must be `order.maker`).
   *
   * @param order - the listing.
   * @returns the signed listing.
   */
  async signListing(order: Order): Promise<SignedOrder> {
    return { kind: 'listing', order, signature: await this.signOrder('seller', order) };
  }

  /**
   * Signs an offer as its buyer (the connected account must be `order.maker`; the token must be an ERC-20 and
   * `order.taker` the seller).
   *
   * @param order - the offer.
   * @returns the signed offer.
   */
  async signOffer(order: Order): Promise<SignedOrder> {
    if (order.token === ZeroAddress) throw EscrowError.invalidArgument('offers must be in an ERC-20 token');
    if (order.taker === ZeroAddress)
      throw EscrowError.invalidArgument('an offer must name the seller as taker');
    return { kind: 'offer', order, signature: await this.signOrder('buyer', order) };
  }

  /**
   * Buys a listing as the connected account.
   *
   * @param listing - the signed listing.
   * @param options - `permit: true` to pay a permit-capable token with an EIP-2612 permit.
   * @returns the escrow id (for escrow listings) and the receipt.
   */
  async fillListing(listing: SignedOrder, options: FillOptions = {}): Promise<FillResult> {
    if (listing.kind !== 'listing') throw EscrowError.invalidArgument('expected a listing');
    const { order, signature } = listing;
    let receipt: TransactionReceipt;
    if (options.permit && order.token !== ZeroAddress) {
      const permit = await this.signPermit(order.token, order.price);
      receipt = await this.write('fillListingWithPermit', [order, signature, permit]);
    } else {
      receipt = await this.write('fillListing', [order, signature], {
        token: order.token,
        amount: order.price,
      });
    }
    return { escrowId: this.escrowOf(receipt), receipt };
  }

  /**
   * Accepts a buyer's offer as the connected seller. With `permit`, the offer must come with the buyer's
   * permit (see {@link MarketClient.signPermit}) in `buyerPermit`.
   *
   * @param offer - the signed offer.
   * @param buyerPermit - the buyer's EIP-2612 permit for the marketplace, if the buyer gave one.
   * @returns the escrow id (for escrow offers) and the receipt.
   */
  async acceptOffer(offer: SignedOrder, buyerPermit?: PermitSignature): Promise<FillResult> {
    if (offer.kind !== 'offer') throw EscrowError.invalidArgument('expected an offer');
    const receipt = buyerPermit
      ? await this.write('acceptOfferWithPermit', [offer.order, offer.signature, buyerPermit])
      : await this.write('acceptOffer', [offer.order, offer.signature]);
    return { escrowId: this.escrowOf(receipt), receipt };
  }

  /**
   * Signs an EIP-2612 permit letting the marketplace pull `value` of `token` from the connected account.
   *
   * @param token - a token implementing EIP-2612 (and ERC-5267 `eip712Domain`, or version "1").
   * @param value - the allowance.
   * @param deadline - unix seconds; @default one hour from now
   * @returns the permit as the contract takes it.
   */
  async signPermit(token: string, value: bigint, deadline?: number): Promise<PermitSignature> {
    const erc20 = new Contract(token, ERC20_ABI, this.ctx.provider);
    let name: string;
    let version = '1';
    try {
      const d = await erc20.getFunction('eip712Domain')();
      name = d[1];
      version = d[2];
    } catch {
      name = await erc20.getFunction('name')();
    }
    const nonce = (await erc20.getFunction('nonces')(this.address)) as bigint;
    const dl = deadline ?? Math.floor(Date.now() / 1000) + 3600;
    const sig = Signature.from(
      await this.signTyped(
        { name, version, chainId: this.ctx.chainId, verifyingContract: token },
        {
          Permit: [
            { name: 'owner', type: 'address' },
            { name: 'spender', type: 'address' },
            { name: 'value', type: 'uint256' },
            { name: 'nonce', type: 'uint256' },
            { name: 'deadline', type: 'uint256' },
          ],
        },
        { owner: this.address, spender: await this.contract.getAddress(), value, nonce, deadline: dl },
      ),
    );
    return { value, deadline: dl, v: sig.v, r: sig.r as Hex, s: sig.s as Hex };
  }

  /** Cancels one of the connected account's nonces. @param nonce - the nonce. @returns the receipt. */
  cancelNonce(nonce: bigint): Promise<TransactionReceipt> {
    return this.write('cancelNonce', [nonce]);
  }

  /** Cancels every order the connected account signed so far. @returns the receipt. */
  incrementCounter(): Promise<TransactionReceipt> {
    return this.write('incrementCounter', []);
  }

  private async signOrder(makerName: 'seller' | 'buyer', order: Order): Promise<Hex> {
    if (order.maker.toLowerCase() !== this.address.toLowerCase()) {
      throw EscrowError.invalidArgument('order.maker must be the connected account');
    }
    const { maker, ...rest } = order;
    const types = makerName === 'seller' ? LISTING_TYPES : OFFER_TYPES;
    return this.signTyped(await this.domain(MARKETPLACE_DOMAIN), types, { [makerName]: maker, ...rest });
  }

  private escrowOf(receipt: TransactionReceipt): Hex | undefined {
    const id = this.eventArgs(receipt, 'OrderFilled').escrowId as Hex;
    return id === ZeroHash ? undefined : id;
  }
}

/** An EIP-2612 permit as `Marketplace` takes it. */
export interface PermitSignature {
  value: bigint;
  deadline: number;
  v: number;
  r: Hex;
  s: Hex;
}
