// @cryptalk/marketplace: typed ABIs of the escrow, marketplace, HTLC and payment-channel contracts, and a deployer.
export { escrowVaultAbi, htlcAbi, marketplaceAbi, paymentChannelAbi } from './abi/index.js';
export { type DeployableArtifact, deployMarketplace, type MarketplaceDeployment } from './deploy.js';
