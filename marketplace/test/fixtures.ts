import {
  type Contract,
  Interface,
  type TransactionReceipt,
  type Wallet,
  ZeroAddress,
  ZeroHash,
} from 'ethers';
import { catchCustomError, type DecodedError, startTestChain, type TestChain } from '../src/testing/index.js';

/** EscrowVault states, in declaration order. */
export const State = {
  None: 0n,
  Funded: 1n,
  Shipped: 2n,
  Released: 3n,
  Refunded: 4n,
  Disputed: 5n,
  Resolved: 6n,
  Expired: 7n,
} as const;

/** The Terms struct as ethers encodes it. */
export interface Terms {
  buyer: string;
  seller: string;
  arbiter: string;
  token: string;
  amount: bigint;
  buyerDeposit: bigint;
  sellerDeposit: bigint;
  titleToken: string;
  titleId: bigint;
  shipBy: number;
  inspectionPeriod: number;
  arbitrationPeriod: number;
  defaultBuyerBps: number;
  salt: string;
}

/** Everything one test file needs: the chain, named actors, the contracts and a decoder for every error. */
export interface Fixture {
  chain: TestChain;
  deployer: Wallet;
  buyer: Wallet;
  seller: Wallet;
  arbiter: Wallet;
  stranger: Wallet;
  vault: Contract;
  token: Contract;
  title: Contract;
  /** Interfaces of every compiled contract, to decode any custom error. */
  errors: Interface[];
  /** Decodes the custom error an action reverts with. */
  revertOf(action: Promise<unknown> | (() => Promise<unknown>)): Promise<DecodedError>;
}

/** Starts anvil and deploys the vault, a permit token and a title contract; mints to buyer and seller. */
export async function setup(): Promise<Fixture> {
  const chain = await startTestChain();
  const [deployer, buyer, seller, arbiter, stranger] = chain.signers as [
    Wallet,
    Wallet,
    Wallet,
    Wallet,
    Wallet,
  ];
  const vault = await chain.deploy('EscrowVault', deployer);
  const token = await chain.deploy('TestToken', deployer);
  const title = await chain.deploy('TestTitle', deployer);
  for (const w of [buyer, seller]) {
    await (await token.getFunction('mint')(w.address, 10n ** 24n)).wait();
    await (
      await (token.connect(w) as Contract).getFunction('approve')(await vault.getAddress(), 2n ** 255n)
    ).wait();
  }
  const errors = [...chain.artifacts.values()].map((a) => new Interface(a.abi as never));
  return {
    chain,
    deployer,
    buyer,
    seller,
    arbiter,
    stranger,
    vault,
    token,
    title,
    errors,
    revertOf: (action) => catchCustomError(action, ...errors),
  };
}

/** Builds terms with sensible defaults (ETH, 1 ether, ship within a day, 3-day inspection, 7-day arbitration). */
export function makeTerms(f: Fixture, now: number, overrides: Partial<Terms> = {}): Terms {
  return {
    buyer: f.buyer.address,
    seller: f.seller.address,
    arbiter: f.arbiter.address,
    token: ZeroAddress,
    amount: 10n ** 18n,
    buyerDeposit: 0n,
    sellerDeposit: 0n,
    titleToken: ZeroAddress,
    titleId: 0n,
    shipBy: now + 86_400,
    inspectionPeriod: 3 * 86_400,
    arbitrationPeriod: 7 * 86_400,
    defaultBuyerBps: 5_000,
    salt: ZeroHash,
    ...overrides,
  };
}

/** Calls a contract method as `signer` and waits for the receipt. */
export async function send(
  contract: Contract,
  signer: Wallet,
  method: string,
  ...args: unknown[]
): Promise<TransactionReceipt> {
  const tx = await (contract.connect(signer) as Contract).getFunction(method)(...args);
  const receipt = (await tx.wait()) as TransactionReceipt | null;
  if (!receipt) throw new Error(`${method}: no receipt`);
  return receipt;
}

/** Prepares a call as `signer` without sending it, for `revertOf`. */
export function attempt(
  contract: Contract,
  signer: Wallet,
  method: string,
  ...args: unknown[]
): () => Promise<TransactionReceipt> {
  return () => send(contract, signer, method, ...args);
}
