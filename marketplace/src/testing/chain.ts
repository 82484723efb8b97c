import {
  type Contract,
  ContractFactory,
  type ContractRunner,
  FetchRequest,
  type Interface,
  NonceManager,
  Wallet,
} from 'ethers';
import { type Artifact, compileContracts } from '../../scripts/compile.js';
import { ReceiptPollingJsonRpcProvider } from '../receipt-polling.js';
import { ANVIL_KEYS, type AnvilNode, startAnvil } from './anvil.js';

/** A running anvil with funded signers, compiled artifacts and time/snapshot controls, for tests and the bench. */
export interface TestChain {
  /** The node. */
  readonly node: AnvilNode;
  /** A provider without response caching (nonces and balances must be fresh after every step). */
  readonly provider: ReceiptPollingJsonRpcProvider;
  /** Ten funded signers (anvil's default accounts), each behind a nonce manager. */
  readonly signers: readonly Wallet[];
  /** Compiled contracts by name. */
  readonly artifacts: ReadonlyMap<string, Artifact>;
  /** Deploys a compiled contract. */
  deploy(name: string, signer: ContractRunner, ...args: unknown[]): Promise<Contract>;
  /** Takes an `evm_snapshot`; returns its id. */
  snapshot(): Promise<string>;
  /** Reverts to a snapshot (which is consumed). */
  revert(id: string): Promise<void>;
  /** The latest block's timestamp. */
  now(): Promise<number>;
  /** Makes the next block have exactly this timestamp. */
  setNextTimestamp(t: number): Promise<void>;
  /** Moves time forward and mines a block. */
  increaseTime(seconds: number): Promise<void>;
  /** Stops anvil. */
  stop(): Promise<void>;
}

/**
 * Compiles the contracts (cached by source hash), starts anvil and connects ten signers.
 *
 * @returns the chain; call `stop()` in an `after` hook.
 * @throws Error naming anvil when the binary is missing.
 */
export async function startTestChain(): Promise<TestChain> {
  const artifacts = compileContracts();
  const node = await startAnvil();
  // A node that stops answering fails the call in 30 s (ethers' TIMEOUT error) instead of after 5 minutes.
  const rpc = new FetchRequest(node.rpcUrl);
  rpc.timeout = 30_000;
  const provider = new ReceiptPollingJsonRpcProvider(rpc, node.chainId, {
    staticNetwork: true,
    cacheTimeout: -1,
    batchMaxCount: 1,
  });
  provider.pollingInterval = 50;
  const signers = ANVIL_KEYS.map((key) => new Wallet(key, provider));
  const chain: TestChain = {
    node,
    provider,
    signers,
    artifacts,
    async deploy(name, signer, ...args) {
      const artifact = artifacts.get(name);
      if (!artifact) throw new Error(`no artifact for contract ${name}`);
      const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
      const contract = await factory.deploy(...args);
      await contract.waitForDeployment();
      return contract as unknown as Contract;
    },
    snapshot: () => provider.send('evm_snapshot', []) as Promise<string>,
    async revert(id) {
      const ok = (await provider.send('evm_revert', [id])) as boolean;
      if (!ok) throw new Error(`evm_revert(${id}) failed`);
    },
    async now() {
      const block = await provider.getBlock('latest');
      if (!block) throw new Error('no latest block');
      return block.timestamp;
    },
    async setNextTimestamp(t) {
      await provider.send('evm_setNextBlockTimestamp', [t]);
    },
    async increaseTime(seconds) {
      await provider.send('evm_increaseTime', [seconds]);
      await provider.send('evm_mine', []);
    },
    async stop() {
      provider.destroy();
      await node.stop();
    },
  };
  return chain;
}

/** A signer wrapper that keeps its own nonce (for many quick transactions from one account). */
export function managed(wallet: Wallet): NonceManager {
  return new NonceManager(wallet);
}

/** A custom error decoded from revert data. */
export interface DecodedError {
  name: string;
  args: unknown[];
}

/**
 * Finds the revert data inside an ethers error (estimateGas, call or receipt failures).
 *
 * @param error - what ethers threw.
 * @returns the hex revert data, or undefined.
 */
export function revertData(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let e: unknown = error;
  for (let depth = 0; depth < 6 && e && typeof e === 'object' && !seen.has(e); depth++) {
    seen.add(e);
    const o = e as Record<string, unknown>;
    if (typeof o.data === 'string' && o.data.startsWith('0x')) return o.data;
    const info = o.info as Record<string, unknown> | undefined;
    const inner = (info?.error ?? o.error ?? o.cause) as unknown;
    if (inner && typeof inner === 'object') {
      const d = (inner as Record<string, unknown>).data;
      if (typeof d === 'string' && d.startsWith('0x')) return d;
    }
    e = inner;
  }
  return undefined;
}

/**
 * Awaits an action that must revert and decodes its custom error with the given ABIs.
 *
 * @param action - the pending call or transaction.
 * @param interfaces - ABIs that may declare the error (the first that parses it wins).
 * @returns the decoded error.
 * @throws Error when the action succeeds or reverts without decodable data.
 */
export async function catchCustomError(
  action: Promise<unknown> | (() => Promise<unknown>),
  ...interfaces: Interface[]
): Promise<DecodedError> {
  try {
    const r = typeof action === 'function' ? await action() : await action;
    if (r && typeof r === 'object' && 'wait' in r && typeof r.wait === 'function') await r.wait();
  } catch (error) {
    const data = revertData(error);
    if (!data) throw new Error(`reverted without data: ${(error as Error).message}`);
    for (const iface of interfaces) {
      const parsed = iface.parseError(data);
      if (parsed) return { name: parsed.name, args: [...parsed.args] };
    }
    throw new Error(`revert data ${data.slice(0, 10)} matches no known error`);
  }
  throw new Error('expected a revert, but the call succeeded');
}
