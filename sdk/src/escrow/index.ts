// Escrow, marketplace, HTLC and payment-channel clients over ethers v6, for any EIP-1193 wallet or a private key.
import { escrowVaultAbi, htlcAbi, marketplaceAbi, paymentChannelAbi } from '@cryptalk/marketplace/abi';
import { Interface } from 'ethers';
import { ChannelClient } from './channel.js';
import { connectSigner, type EscrowConnection } from './connect.js';
import { type ClientContext, TOKEN_ERRORS_ABI } from './contract-client.js';
import { EscrowClient } from './escrow-client.js';
import { HtlcClient } from './htlc.js';
import { MarketClient } from './offers.js';
import type { EscrowDeployment } from './types.js';

export { ChannelClient, PAYMENT_CHANNEL_DOMAIN, VOUCHER_TYPES } from './channel.js';
export {
  assertChain,
  type ConnectedSigner,
  connectSigner,
  type EscrowConnection,
  isRejection,
} from './connect.js';
export {
  type ClientContext,
  ContractClient,
  type Payment,
  TOKEN_ERRORS_ABI,
  toEscrowError,
} from './contract-client.js';
export { ESCROW_ERROR_CODES, EscrowError, type EscrowErrorCode } from './errors.js';
export {
  ESCROW_VAULT_DOMAIN,
  EscrowClient,
  escrowIdOf,
  SETTLEMENT_TYPES,
  type SettlementSignature,
} from './escrow-client.js';
export { createSecret, HTLC_SECRET_BYTES, HTLC_STATUSES, HtlcClient } from './htlc.js';
export {
  type FillOptions,
  type FillResult,
  LISTING_TYPES,
  MARKETPLACE_DOMAIN,
  MarketClient,
  OFFER_TYPES,
  type PermitSignature,
} from './offers.js';
export {
  type ChannelInfo,
  ESCROW_STATES,
  type EscrowDeployment,
  type EscrowState,
  type EscrowStateKind,
  type EscrowTerms,
  type Hex,
  type HtlcLock,
  type Order,
  type SignedOrder,
  type Voucher,
} from './types.js';

/** The four clients of one connection. */
export interface EscrowClients {
  /** The connected account. */
  address: string;
  escrow: EscrowClient;
  market: MarketClient;
  htlc: HtlcClient;
  channel: ChannelClient;
}

/**
 * Connects to a wallet (EIP-1193 or private key + RPC URL), checks the chain, and returns a client per contract.
 *
 * @param connection - how to reach the wallet.
 * @param deployment - the contract addresses and chain id.
 * @returns the clients.
 * @throws EscrowError `ESCROW_NO_PROVIDER`, `ESCROW_WRONG_CHAIN` or `ESCROW_SIGNATURE_REJECTED`.
 * @example
 * const { escrow } = await connectEscrow({ eip1193: window.ethereum }, deployment);
 */
export async function connectEscrow(
  connection: EscrowConnection,
  deployment: EscrowDeployment,
): Promise<EscrowClients> {
  const { signer, provider, address } = await connectSigner(connection, deployment.chainId);
  const ctx: ClientContext = {
    signer,
    provider,
    address,
    chainId: deployment.chainId,
    errorInterfaces: [
      new Interface(escrowVaultAbi),
      new Interface(marketplaceAbi),
      new Interface(htlcAbi),
      new Interface(paymentChannelAbi),
      new Interface(TOKEN_ERRORS_ABI),
    ],
  };
  return {
    address,
    escrow: new EscrowClient(ctx, deployment.escrowVault),
    market: new MarketClient(ctx, deployment.marketplace),
    htlc: new HtlcClient(ctx, deployment.htlc),
    channel: new ChannelClient(ctx, deployment.paymentChannel),
  };
}
