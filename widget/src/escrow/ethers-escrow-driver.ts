/**
 * The escrow card's driver over `sdk/src/escrow` (ethers v6) and any EIP-1193 provider (`window.ethereum`).
 * Reads go through the provider without asking for an account; writes use the connected account and throw
 * only `EscrowError` (wrong chain, rejected signature, insufficient funds, contract revert, …).
 *
 * @module
 */
import { escrowVaultAbi, marketplaceAbi } from '@cryptalk/marketplace/abi';
import {
  type ClientContext,
  connectSigner,
  EscrowClient,
  EscrowError,
  type Hex,
  MarketClient,
  TOKEN_ERRORS_ABI,
  toEscrowError,
} from '@cryptalk/sdk/escrow';
import { BrowserProvider, Contract, type Eip1193Provider, Interface, VoidSigner, ZeroAddress } from 'ethers';
import type { EscrowOfferPayload } from './escrow-offer.js';
import { orderDigest } from './offer-digest.js';
import type { EscrowAction, EscrowActionResult, EscrowAsset, EscrowDriver, EscrowSnapshot } from './types.js';

/** Options of {@link EthersEscrowDriver}. */
export interface EthersEscrowDriverOptions {
  /** First block searched for the order's `OrderFilled` and `EscrowOpened` logs; @default 0 */
  fromBlock?: number;
}

/** ABIs used to decode custom errors of the marketplace, the vault and tokens. */
const errorInterfaces = [
  new Interface(escrowVaultAbi),
  new Interface(marketplaceAbi),
  new Interface(TOKEN_ERRORS_ABI),
];

const ERC20_META = ['function symbol() view returns (string)', 'function decimals() view returns (uint8)'];

interface Clients {
  market: MarketClient;
  escrow: EscrowClient;
  address: string;
}

/**
 * Reads and writes an offer's escrow through an EIP-1193 provider.
 *
 * @example
 * card.driver = new EthersEscrowDriver(window.ethereum);
 */
export class EthersEscrowDriver implements EscrowDriver {
  private readonly provider: BrowserProvider;
  private writer: Clients | undefined;
  private reader: Clients | undefined;
  private readonly assets = new Map<string, EscrowAsset>();

  /**
   * @param eip1193 - the wallet's provider.
   * @param options - where the log search starts.
   */
  constructor(
    private readonly eip1193: Eip1193Provider,
    private readonly options: EthersEscrowDriverOptions = {},
  ) {
    this.provider = new BrowserProvider(eip1193, 'any', { cacheTimeout: -1 });
    this.provider.pollingInterval = 500;
  }

  async connect(offer: EscrowOfferPayload): Promise<string> {
    const { signer, provider, address } = await connectSigner({ eip1193: this.eip1193 }, offer.chainId);
    this.writer = await this.clients(offer, {
      signer,
      provider,
      address,
      chainId: offer.chainId,
      errorInterfaces,
    });
    return address;
  }

  async read(offer: EscrowOfferPayload): Promise<EscrowSnapshot> {
    const chainId = BigInt((await this.provider.send('eth_chainId', [])) as string);
    if (chainId !== BigInt(offer.chainId)) throw EscrowError.wrongChain(BigInt(offer.chainId), chainId);
    this.reader ??= await this.clients(offer, {
      signer: new VoidSigner(ZeroAddress, this.provider),
      provider: this.provider,
      address: ZeroAddress,
      chainId: offer.chainId,
      errorInterfaces,
    });
    const { market, escrow } = this.reader;
    const { order } = offer.order;
    try {
      const [block, nonceUsed, asset] = await Promise.all([
        this.provider.getBlock('latest'),
        market.contract.getFunction('nonceUsed')(order.maker, order.nonce) as Promise<boolean>,
        this.asset(order.token),
      ]);
      const snapshot: EscrowSnapshot = { now: block?.timestamp ?? 0, nonceUsed, asset };
      if (!nonceUsed) return snapshot;
      const digest = orderDigest(offer.order, offer.chainId, offer.marketplace);
      const logs = await market.contract.queryFilter(
        market.contract.filters.OrderFilled!(digest),
        this.options.fromBlock ?? 0,
      );
      const log = logs[0];
      if (!log || !('args' in log)) return snapshot;
      const id = log.args.escrowId as Hex;
      const [terms, state] = await Promise.all([
        escrow.findTerms(id, this.options.fromBlock ?? log.blockNumber),
        escrow.getState(id),
      ]);
      const final = !['none', 'funded', 'shipped', 'disputed'].includes(state.kind);
      const owed = final ? await escrow.owed(terms) : undefined;
      snapshot.escrow = {
        id,
        terms,
        state,
        ...(owed ? { owed: { buyer: owed.buyer, seller: owed.seller } } : {}),
      };
      return snapshot;
    } catch (e) {
      throw toEscrowError(e, errorInterfaces);
    }
  }

  async act(
    action: EscrowAction,
    offer: EscrowOfferPayload,
    snapshot: EscrowSnapshot,
  ): Promise<EscrowActionResult> {
    if (!this.writer) await this.connect(offer);
    const w = this.writer;
    if (!w) throw EscrowError.noProvider();
    if (action === 'accept') {
      const { receipt } =
        offer.order.kind === 'listing'
          ? await w.market.fillListing(offer.order)
          : await w.market.acceptOffer(offer.order);
      return { hash: receipt.hash as Hex };
    }
    const terms = snapshot.escrow?.terms;
    if (!terms) throw EscrowError.notFound('escrow');
    if (action === 'withdraw') {
      await w.escrow.withdraw(terms);
      return {};
    }
    const receipt = await w.escrow[action](terms);
    return { hash: receipt.hash as Hex };
  }

  async switchChain(chainId: number): Promise<void> {
    try {
      await this.eip1193.request({
        method: 'wallet_switchEthereumChain',
        params: [{ chainId: `0x${chainId.toString(16)}` }],
      });
    } catch (e) {
      throw toEscrowError(e, errorInterfaces);
    }
  }

  private async clients(offer: EscrowOfferPayload, ctx: ClientContext): Promise<Clients> {
    const market = new MarketClient(ctx, offer.marketplace);
    let vault: string;
    try {
      vault = (await market.contract.getFunction('vault')()) as string;
    } catch (e) {
      throw toEscrowError(e, errorInterfaces);
    }
    return { market, escrow: new EscrowClient(ctx, vault), address: ctx.address };
  }

  private async asset(token: string): Promise<EscrowAsset> {
    if (token === ZeroAddress) return { symbol: 'ETH', decimals: 18 };
    const known = this.assets.get(token);
    if (known) return known;
    const erc20 = new Contract(token, ERC20_META, this.provider);
    const [symbol, decimals] = await Promise.all([
      erc20
        .getFunction('symbol')()
        .catch(() => 'tokens') as Promise<string>,
      erc20
        .getFunction('decimals')()
        .catch(() => 0n) as Promise<bigint>,
    ]);
    const asset = { symbol, decimals: Number(decimals) };
    this.assets.set(token, asset);
    return asset;
  }
}
