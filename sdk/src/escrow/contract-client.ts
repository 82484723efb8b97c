/**
 * The shared write path of every escrow-area client: chain check, funds pre-check, token allowance, send,
 * wait, and the mapping of whatever goes wrong to an {@link EscrowError}.
 *
 * @module
 */
import {
  type Contract,
  Contract as EthersContract,
  type Interface,
  isError,
  type JsonRpcApiProvider,
  type Signer,
  type TransactionReceipt,
  ZeroAddress,
} from 'ethers';
import { assertChain, isRejection } from './connect.js';
import { EscrowError } from './errors.js';

/** The minimal ERC-20 surface the clients use. */
export const ERC20_ABI = [
  'function balanceOf(address) view returns (uint256)',
  'function allowance(address,address) view returns (uint256)',
  'function approve(address,uint256) returns (bool)',
  'function name() view returns (string)',
  'function nonces(address) view returns (uint256)',
  'function eip712Domain() view returns (bytes1,string,string,uint256,address,bytes32,uint256[])',
] as const;

/** Standard token errors (ERC-6093) that contracts bubble up through SafeERC20. */
export const TOKEN_ERRORS_ABI = [
  'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
  'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
  'error ERC721NonexistentToken(uint256 tokenId)',
  'error ERC721IncorrectOwner(address sender, uint256 tokenId, address owner)',
  'error ERC721InsufficientApproval(address operator, uint256 tokenId)',
] as const;

/** Context shared by the clients of one connection. */
export interface ClientContext {
  signer: Signer;
  provider: JsonRpcApiProvider;
  address: string;
  chainId: number;
  /** ABIs used to decode custom errors, tried in order. */
  errorInterfaces: Interface[];
}

/** What a value-moving write needs from the caller's balance. */
export interface Payment {
  /** ETH (zero address) or an ERC-20 token. */
  token: string;
  /** Amount in wei or token units. */
  amount: bigint;
  /** Who pulls the tokens (the allowance is raised to `amount` when lower). */
  spender?: string;
}

/**
 * Maps anything a write can throw to an {@link EscrowError}.
 *
 * @param e - the thrown value.
 * @param interfaces - ABIs to decode a custom error with.
 * @returns the typed error.
 */
export function toEscrowError(e: unknown, interfaces: readonly Interface[]): EscrowError {
  if (e instanceof EscrowError) return e;
  if (isRejection(e)) return EscrowError.rejected(e);
  if (isError(e, 'INSUFFICIENT_FUNDS')) return EscrowError.insufficientFunds(0n, 0n, 'ETH', e);
  const data = revertData(e);
  if (data && data.length >= 10) {
    for (const iface of interfaces) {
      const parsed = iface.parseError(data);
      if (parsed?.name === 'ERC20InsufficientBalance') {
        return EscrowError.insufficientFunds(parsed.args[2] as bigint, parsed.args[1] as bigint, 'token', e);
      }
      if (parsed) return EscrowError.contractRevert(parsed.name, [...parsed.args], e);
    }
  }
  return EscrowError.transactionFailed(e);
}

function revertData(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 6; i++) {
    const o = x as Record<string, unknown>;
    if (typeof o.data === 'string' && o.data.startsWith('0x')) return o.data;
    x = (o.info as Record<string, unknown> | undefined)?.error ?? o.error ?? o.cause;
  }
  return undefined;
}

/**
 * Base of the escrow, marketplace, HTLC and channel clients.
 */
export class ContractClient {
  /** The connection context. */
  protected readonly ctx: ClientContext;
  /** The contract, bound to the signer. */
  readonly contract: Contract;

  /**
   * @param ctx - the shared connection context.
   * @param address - the contract address.
   * @param abi - the contract ABI.
   */
  constructor(ctx: ClientContext, address: string, abi: readonly unknown[]) {
    this.ctx = ctx;
    this.contract = new EthersContract(address, abi as never, ctx.signer);
  }

  /** The connected account. */
  get address(): string {
    return this.ctx.address;
  }

  /**
   * Reads a view function, mapping failures to {@link EscrowError}.
   *
   * @param method - the function name.
   * @param args - its arguments.
   * @returns the decoded result.
   */
  protected async read<T>(method: string, ...args: unknown[]): Promise<T> {
    try {
      return (await this.contract.getFunction(method).staticCall(...args)) as T;
    } catch (e) {
      throw toEscrowError(e, this.ctx.errorInterfaces);
    }
  }

  /**
   * Sends a transaction after checking the chain and the caller's funds (approving tokens when needed).
   *
   * @param method - the function name.
   * @param args - its arguments.
   * @param payment - what the call takes from the caller, if anything.
   * @returns the mined receipt.
   * @throws EscrowError with a stable code for every failure.
   */
  protected async write(
    method: string,
    args: readonly unknown[],
    payment?: Payment,
  ): Promise<TransactionReceipt> {
    const { provider, address, errorInterfaces } = this.ctx;
    await assertChain(provider, this.ctx.chainId);
    let value = 0n;
    if (payment && payment.amount > 0n) {
      if (payment.token === ZeroAddress) {
        value = payment.amount;
        const balance = await provider.getBalance(address);
        if (balance < value) throw EscrowError.insufficientFunds(value, balance, 'ETH');
      } else {
        await this.ensureTokens(
          payment.token,
          payment.amount,
          payment.spender ?? (await this.contract.getAddress()),
        );
      }
    }
    try {
      const tx = await this.contract.getFunction(method)(...args, { value });
      const receipt = (await tx.wait()) as TransactionReceipt | null;
      if (!receipt) throw EscrowError.transactionFailed(new Error('no receipt'));
      return receipt;
    } catch (e) {
      const err = toEscrowError(e, errorInterfaces);
      if (err.code === 'ESCROW_INSUFFICIENT_FUNDS') {
        const balance = await provider.getBalance(address);
        throw EscrowError.insufficientFunds(value, balance, 'ETH (with gas)', e);
      }
      throw err;
    }
  }

  /**
   * Checks the caller holds `amount` of `token` and that `spender` may pull it, approving when needed.
   *
   * @param token - the ERC-20 token.
   * @param amount - the amount.
   * @param spender - the contract that pulls it.
   * @throws EscrowError `ESCROW_INSUFFICIENT_FUNDS` when the balance is too low.
   */
  protected async ensureTokens(token: string, amount: bigint, spender: string): Promise<void> {
    const erc20 = new EthersContract(token, ERC20_ABI, this.ctx.signer);
    const balance = (await erc20.getFunction('balanceOf')(this.ctx.address)) as bigint;
    if (balance < amount) throw EscrowError.insufficientFunds(amount, balance, `token ${token}`);
    const allowance = (await erc20.getFunction('allowance')(this.ctx.address, spender)) as bigint;
    if (allowance >= amount) return;
    try {
      const tx = await erc20.getFunction('approve')(spender, amount);
      await tx.wait();
    } catch (e) {
      throw toEscrowError(e, this.ctx.errorInterfaces);
    }
  }

  /**
   * Signs EIP-712 typed data with the connected wallet, mapping a refusal to `ESCROW_SIGNATURE_REJECTED`.
   *
   * @param domain - the EIP-712 domain.
   * @param types - the types (without `EIP712Domain`).
   * @param value - the message.
   * @returns the 65-byte signature.
   */
  protected async signTyped(
    domain: Record<string, unknown>,
    types: Record<string, { name: string; type: string }[]>,
    value: Record<string, unknown>,
  ): Promise<`0x${string}`> {
    await assertChain(this.ctx.provider, this.ctx.chainId);
    try {
      return (await this.ctx.signer.signTypedData(domain, types, value)) as `0x${string}`;
    } catch (e) {
      throw toEscrowError(e, this.ctx.errorInterfaces);
    }
  }

  /**
   * The EIP-712 domain of this contract.
   *
   * @param name - the domain name the contract was deployed with.
   * @returns the domain.
   */
  protected async domain(name: string): Promise<Record<string, unknown>> {
    return {
      name,
      version: '1',
      chainId: this.ctx.chainId,
      verifyingContract: await this.contract.getAddress(),
    };
  }

  /**
   * Parses the first log of `eventName` this contract emitted in a receipt.
   *
   * @param receipt - the receipt.
   * @param eventName - the event.
   * @returns the decoded arguments.
   */
  protected eventArgs(receipt: TransactionReceipt, eventName: string): Record<string, unknown> {
    const target = String(this.contract.target).toLowerCase();
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== target) continue;
      const parsed = this.contract.interface.parseLog(log);
      if (parsed?.name === eventName) return parsed.args.toObject(true) as Record<string, unknown>;
    }
    throw EscrowError.transactionFailed(new Error(`${eventName} not emitted`));
  }
}
