import { ContractFactory, type ContractRunner } from 'ethers';

/** The compiled form of one contract that deploying needs. */
export interface DeployableArtifact {
  /** The contract's ABI. */
  abi: readonly unknown[];
  /** Creation bytecode. */
  bytecode: string;
}

/** Addresses of one deployment of the marketplace contracts. */
export interface MarketplaceDeployment {
  /** Chain id the contracts live on. */
  chainId: number;
  /** EscrowVault. */
  escrowVault: string;
  /** Marketplace (bound to the vault above). */
  marketplace: string;
  /** HTLC. */
  htlc: string;
  /** PaymentChannel. */
  paymentChannel: string;
}

/**
 * Deploys EscrowVault, Marketplace (bound to the vault), HTLC and PaymentChannel with one signer.
 *
 * @param signer - a signer connected to the target chain's provider.
 * @param artifacts - compiled contracts by name (from `scripts/compile.ts`).
 * @returns the deployed addresses and the chain id.
 * @throws Error when an artifact is missing or a deployment fails.
 * @example
 * const deployment = await deployMarketplace(wallet, compileContracts());
 */
export async function deployMarketplace(
  signer: ContractRunner & { provider: { getNetwork(): Promise<{ chainId: bigint }> } | null },
  artifacts: ReadonlyMap<string, DeployableArtifact>,
): Promise<MarketplaceDeployment> {
  const deploy = async (name: string, ...args: unknown[]): Promise<string> => {
    const artifact = artifacts.get(name);
    if (!artifact) throw new Error(`no artifact for contract ${name}`);
    const factory = new ContractFactory(artifact.abi as never, artifact.bytecode, signer);
    const contract = await factory.deploy(...args);
    await contract.waitForDeployment();
    return contract.getAddress();
  };
  const network = await signer.provider?.getNetwork();
  if (!network) throw new Error('the signer has no provider');
  const escrowVault = await deploy('EscrowVault');
  const marketplace = await deploy('Marketplace', escrowVault);
  const htlc = await deploy('HTLC');
  const paymentChannel = await deploy('PaymentChannel');
  return { chainId: Number(network.chainId), escrowVault, marketplace, htlc, paymentChannel };
}
