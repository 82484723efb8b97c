// @cryptalk/marketplace: typed ABIs of the escrow, marketplace, HTLC and payment-channel contracts, a deployer,
// and providers whose transaction waits cannot miss a receipt.
export { escrowVaultAbi, htlcAbi, marketplaceAbi, paymentChannelAbi } from './abi/index.js';
export { type DeployableArtifact, deployMarketplace, type MarketplaceDeployment } from './deploy.js';
export {
  RECEIPT_POLL_MAX_MS,
  ReceiptPoller,
  ReceiptPollingBrowserProvider,
  ReceiptPollingJsonRpcProvider,
} from './receipt-polling.js';
