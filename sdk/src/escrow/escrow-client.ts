/**
 * The escrow flows of `EscrowVault`: open, ship, release, refund, dispute, rule, settle, the timed exits and
 * withdraw.
 *
 * @module
 */
import { escrowVaultAbi } from '@cryptalk/marketplace/abi';
import { AbiCoder, keccak256, type TransactionReceipt, ZeroAddress } from 'ethers';
import { type ClientContext, ContractClient } from './contract-client.js';
import { EscrowError } from './errors.js';
import { ESCROW_STATES, type EscrowState, type EscrowTerms, type Hex } from './types.js';

/** The ABI tuple type of `EscrowVault.Terms`, for local id computation. */
const TERMS_TUPLE =
  'tuple(address buyer,address seller,address arbiter,address token,uint256 amount,uint256 buyerDeposit,uint256 sellerDeposit,address titleToken,uint256 titleId,uint40 shipBy,uint32 inspectionPeriod,uint32 arbitrationPeriod,uint16 defaultBuyerBps,bytes32 salt)';

/** EIP-712 domain name of the vault. */
export const ESCROW_VAULT_DOMAIN = 'CrypTalk EscrowVault';

/** EIP-712 types of a mutual settlement. */
export const SETTLEMENT_TYPES = {
  Settlement: [
    { name: 'escrowId', type: 'bytes32' },
    { name: 'buyerBps', type: 'uint16' },
    { name: 'deadline', type: 'uint256' },
  ],
};

/** A settlement split signed by one party. */
export interface SettlementSignature {
  escrowId: Hex;
  buyerBps: number;
  deadline: number;
  signature: Hex;
}

/**
 * Computes an escrow's id the way the vault does: `keccak256(abi.encode(terms))`.
 *
 * @param terms - the terms.
 * @returns the id.
 */
export function escrowIdOf(terms: EscrowTerms): Hex {
  return keccak256(AbiCoder.defaultAbiCoder().encode([TERMS_TUPLE], [terms])) as Hex;
}

/**
 * Client of `EscrowVault`. Every write checks the chain, the caller's funds and allowance, and throws only
 * {@link EscrowError}.
 *
 * @example
 * const { escrow } = await connectEscrow({ eip1193: window.ethereum }, deployment);
 * const id = await escrow.open(terms);
 * await escrow.release(terms);
 */
export class EscrowClient extends ContractClient {
  /**
   * @param ctx - the connection context.
   * @param address - the vault address.
   */
  constructor(ctx: ClientContext, address: string) {
    super(ctx, address, escrowVaultAbi);
  }

  /**
   * Opens and funds an escrow from the connected account (approving the token first when needed).
   *
   * @param terms - the terms; `shipBy` must not be in the past.
   * @returns the escrow id.
   * @throws EscrowError `ESCROW_INSUFFICIENT_FUNDS`, `ESCROW_CONTRACT_REVERT` (e.g. `EscrowVaultInvalidTerms`), …
   */
  async open(terms: EscrowTerms): Promise<Hex> {
    validateTerms(terms);
    await this.write('open', [terms], { token: terms.token, amount: terms.amount + terms.buyerDeposit });
    return escrowIdOf(terms);
  }

  /**
   * The seller ships (posting the seller deposit when the terms ask one).
   *
   * @param terms - the escrow terms.
   * @returns the receipt.
   */
  ship(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('ship', [terms], { token: terms.token, amount: terms.sellerDeposit });
  }

  /**
   * The seller ships an escrow with an ERC-721 title by depositing it into the vault.
   *
   * @param terms - the escrow terms (with `titleToken` and `titleId`).
   * @returns the receipt.
   */
  async shipTitle(terms: EscrowTerms): Promise<TransactionReceipt> {
    if (terms.titleToken === ZeroAddress) throw EscrowError.invalidArgument('terms.titleToken is not set');
    const data = AbiCoder.defaultAbiCoder().encode([TERMS_TUPLE], [terms]);
    const sender = new TitleSender(this.ctx, terms.titleToken);
    return sender.send(this.address, await this.contract.getAddress(), terms.titleId, data);
  }

  /** The buyer releases the payment. @param terms - the escrow terms. @returns the receipt. */
  release(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('release', [terms]);
  }

  /** The seller refunds the buyer. @param terms - the escrow terms. @returns the receipt. */
  refund(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('refund', [terms]);
  }

  /** Either party disputes. @param terms - the escrow terms. @returns the receipt. */
  dispute(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('dispute', [terms]);
  }

  /**
   * The arbiter rules a dispute.
   *
   * @param terms - the escrow terms.
   * @param buyerBps - the buyer's share in basis points (0…10 000).
   * @returns the receipt.
   */
  rule(terms: EscrowTerms, buyerBps: number): Promise<TransactionReceipt> {
    checkBps(buyerBps);
    return this.write('rule', [terms, buyerBps]);
  }

  /**
   * Signs a mutual settlement (EIP-712 `Settlement`); both parties sign the same split and deadline.
   *
   * @param terms - the escrow terms.
   * @param buyerBps - the buyer's share in basis points.
   * @param deadline - unix seconds after which the settlement is void.
   * @returns the signature.
   */
  async signSettlement(terms: EscrowTerms, buyerBps: number, deadline: number): Promise<SettlementSignature> {
    checkBps(buyerBps);
    const escrowId = escrowIdOf(terms);
    const signature = await this.signTyped(await this.domain(ESCROW_VAULT_DOMAIN), SETTLEMENT_TYPES, {
      escrowId,
      buyerBps,
      deadline,
    });
    return { escrowId, buyerBps, deadline, signature };
  }

  /**
   * Submits a settlement both parties signed; anyone may submit it.
   *
   * @param terms - the escrow terms.
   * @param buyer - the buyer's signature.
   * @param seller - the seller's signature (same split and deadline).
   * @returns the receipt.
   */
  settle(
    terms: EscrowTerms,
    buyer: SettlementSignature,
    seller: SettlementSignature,
  ): Promise<TransactionReceipt> {
    if (buyer.buyerBps !== seller.buyerBps || buyer.deadline !== seller.deadline) {
      throw EscrowError.invalidArgument(
        'the two settlement signatures are for different splits or deadlines',
      );
    }
    return this.write('settle', [terms, buyer.buyerBps, buyer.deadline, buyer.signature, seller.signature]);
  }

  /** Timed exit: the seller did not ship in time. @param terms - the escrow terms. @returns the receipt. */
  expire(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('expire', [terms]);
  }

  /** Timed exit: the inspection window ended. @param terms - the escrow terms. @returns the receipt. */
  autoRelease(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('autoRelease', [terms]);
  }

  /** Timed exit: the arbiter never ruled. @param terms - the escrow terms. @returns the receipt. */
  resolveByDefault(terms: EscrowTerms): Promise<TransactionReceipt> {
    return this.write('resolveByDefault', [terms]);
  }

  /**
   * Withdraws the connected party's share of a final escrow.
   *
   * @param terms - the escrow terms.
   * @returns the amount paid (and whether the title came along).
   */
  async withdraw(terms: EscrowTerms): Promise<{ amount: bigint; title: boolean }> {
    const receipt = await this.write('withdraw', [terms]);
    const args = this.eventArgs(receipt, 'EscrowWithdrawn');
    return { amount: args.amount as bigint, title: args.title as boolean };
  }

  /**
   * Reads an escrow's state.
   *
   * @param id - the escrow id.
   * @returns the state as a discriminated union.
   */
  async getState(id: Hex): Promise<EscrowState> {
    const [state, deadline, buyerBps, buyerIn, sellerIn] = await this.read<
      [bigint, bigint, bigint, bigint, bigint]
    >('getEscrow', id);
    const kind = ESCROW_STATES[Number(state)];
    const d = Number(deadline);
    switch (kind) {
      case 'funded':
        return { kind, shipBy: d, buyerIn };
      case 'shipped':
        return { kind, inspectionEnds: d, buyerIn, sellerIn };
      case 'disputed':
        return { kind, ruleBy: d, buyerIn, sellerIn };
      case 'resolved':
        return { kind, buyerBps: Number(buyerBps), buyerIn, sellerIn };
      case 'released':
      case 'refunded':
      case 'expired':
        return { kind, buyerIn, sellerIn };
      default:
        return { kind: 'none' };
    }
  }

  /**
   * What each party can withdraw now.
   *
   * @param terms - the escrow terms.
   * @returns the buyer's and seller's amounts and where the title goes.
   */
  async owed(terms: EscrowTerms): Promise<{ buyer: bigint; seller: bigint; titleToBuyer: boolean }> {
    const [buyer, seller, titleToBuyer] = await this.read<[bigint, bigint, boolean]>('owed', terms);
    return { buyer, seller, titleToBuyer };
  }

  /**
   * Finds an escrow's terms from its `EscrowOpened` event (the vault stores only their hash).
   *
   * @param id - the escrow id.
   * @param fromBlock - where to start searching; @default 0
   * @returns the terms.
   * @throws EscrowError `ESCROW_NOT_FOUND`.
   */
  async findTerms(id: Hex, fromBlock = 0): Promise<EscrowTerms> {
    const logs = await this.contract.queryFilter(this.contract.filters.EscrowOpened!(id), fromBlock);
    const log = logs[0];
    if (!log || !('args' in log)) throw EscrowError.notFound('escrow');
    const t = log.args.terms;
    return {
      buyer: t.buyer,
      seller: t.seller,
      arbiter: t.arbiter,
      token: t.token,
      amount: t.amount,
      buyerDeposit: t.buyerDeposit,
      sellerDeposit: t.sellerDeposit,
      titleToken: t.titleToken,
      titleId: t.titleId,
      shipBy: Number(t.shipBy),
      inspectionPeriod: Number(t.inspectionPeriod),
      arbitrationPeriod: Number(t.arbitrationPeriod),
      defaultBuyerBps: Number(t.defaultBuyerBps),
      salt: t.salt,
    };
  }
}

/** Sends the title NFT through the shared write path (chain check and error mapping). */
class TitleSender extends ContractClient {
  constructor(ctx: ClientContext, token: string) {
    super(ctx, token, ['function safeTransferFrom(address,address,uint256,bytes)']);
  }

  send(from: string, to: string, tokenId: bigint, data: string): Promise<TransactionReceipt> {
    return this.write('safeTransferFrom(address,address,uint256,bytes)', [from, to, tokenId, data]);
  }
}

function checkBps(bps: number): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    throw EscrowError.invalidArgument(`buyerBps must be an integer in 0…10000, got ${bps}`);
  }
}

function validateTerms(t: EscrowTerms): void {
  if (t.amount <= 0n) throw EscrowError.invalidArgument('terms.amount must be positive');
  if (t.buyerDeposit < 0n || t.sellerDeposit < 0n)
    throw EscrowError.invalidArgument('deposits must not be negative');
  checkBps(t.defaultBuyerBps);
}
