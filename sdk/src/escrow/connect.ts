/**
 * Getting a signer for the escrow contracts: any EIP-1193 provider (`window.ethereum`, WalletConnect, …) in
 * browsers, or a private key and an RPC URL in Node.
 *
 * @module
 */
import { ReceiptPollingBrowserProvider, ReceiptPollingJsonRpcProvider } from '@cryptalk/marketplace';
import { type Eip1193Provider, type JsonRpcApiProvider, type Signer, Wallet } from 'ethers';
import { EscrowError } from './errors.js';

/** How to reach a wallet. */
export type EscrowConnection =
  | {
      /** An EIP-1193 provider such as `window.ethereum`. */
      eip1193: Eip1193Provider;
      /** Which of the wallet's accounts to use; @default the first one */
      account?: string;
    }
  | {
      /** A 0x-prefixed secp256k1 private key (Node, bots, tests). */
      privateKey: string;
      /** The chain's JSON-RPC URL. */
      rpcUrl: string;
    };

/** A connected signer and the provider behind it. */
export interface ConnectedSigner {
  signer: Signer;
  provider: JsonRpcApiProvider;
  address: string;
}

/**
 * Connects to a wallet and checks it is on `chainId`.
 *
 * @param connection - an EIP-1193 provider, or a private key with an RPC URL.
 * @param chainId - the chain the contracts are deployed on.
 * @returns the signer, its provider and address.
 * @throws EscrowError `ESCROW_NO_PROVIDER` without a usable connection, `ESCROW_WRONG_CHAIN` on another chain,
 * `ESCROW_SIGNATURE_REJECTED` when the user refuses to connect.
 */
export async function connectSigner(connection: EscrowConnection, chainId: number): Promise<ConnectedSigner> {
  // Receipt-polling providers: a write's wait() on a chain that mines on demand (anvil, Hardhat) cannot hang on a
  // receipt the node served late (`@cryptalk/marketplace`'s ReceiptPoller).
  let provider: JsonRpcApiProvider;
  let signer: Signer;
  if ('eip1193' in connection && connection.eip1193) {
    provider = new ReceiptPollingBrowserProvider(connection.eip1193, 'any');
    try {
      signer = await (provider as ReceiptPollingBrowserProvider).getSigner(connection.account);
    } catch (e) {
      if (isRejection(e)) throw EscrowError.rejected(e);
      throw EscrowError.transactionFailed(e);
    }
  } else if ('privateKey' in connection && connection.privateKey && connection.rpcUrl) {
    provider = new ReceiptPollingJsonRpcProvider(connection.rpcUrl, undefined, { cacheTimeout: -1 });
    signer = new Wallet(connection.privateKey, provider);
  } else {
    throw EscrowError.noProvider();
  }
  await assertChain(provider, chainId);
  return { signer, provider, address: await signer.getAddress() };
}

/**
 * Throws unless the provider is on `chainId` (asks the node or wallet every time: wallets switch chains).
 *
 * @param provider - the provider.
 * @param chainId - the expected chain id.
 * @throws EscrowError `ESCROW_WRONG_CHAIN`.
 */
export async function assertChain(provider: JsonRpcApiProvider, chainId: number): Promise<void> {
  const actual = BigInt((await provider.send('eth_chainId', [])) as string);
  if (actual !== BigInt(chainId)) throw EscrowError.wrongChain(BigInt(chainId), actual);
}

/**
 * Whether an error is the user refusing a wallet request (EIP-1193 code 4001, ethers `ACTION_REJECTED`).
 *
 * @param e - what was thrown.
 * @returns true for a rejection.
 */
export function isRejection(e: unknown): boolean {
  for (let x: unknown = e, i = 0; x && typeof x === 'object' && i < 5; i++) {
    const o = x as Record<string, unknown>;
    if (o.code === 'ACTION_REJECTED' || o.code === 4001) return true;
    x = (o.info as Record<string, unknown> | undefined)?.error ?? o.error ?? o.cause;
  }
  return false;
}
