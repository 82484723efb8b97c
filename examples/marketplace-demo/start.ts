/**
 * Runs the marketplace demo on loopback: anvil with the contracts deployed, a relay, and the demo page with the
 * widget's script-tag build. The end-to-end test (test/e2e/marketplace.e2e.test.ts) uses the same function.
 *
 *   node --conditions=source --import tsx examples/marketplace-demo/start.ts
 *
 * then open the two printed URLs (seller and buyer, each with a development wallet on an anvil account).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployMarketplace, type MarketplaceDeployment } from '@cryptalk/marketplace';
import { startTestChain, type TestChain } from '@cryptalk/marketplace/testing';
import { createRelay } from '@cryptalk/relay';
import { startDemo } from '../../scripts/demo-server.mjs';
import { buildWidget, ensureWidgetBuild, ROOT } from '../../widget/scripts/build.mjs';

/** A running demo. */
export interface MarketplaceDemo {
  /** The demo page's base URL. */
  url: string;
  /** The anvil node's JSON-RPC URL. */
  rpcUrl: string;
  /** The chain, with anvil's ten funded signers (0 deployed, 1 sells, 2 buys, 3 arbitrates). */
  chain: TestChain;
  deployment: MarketplaceDeployment;
  /** The arbiter the demo's listings name. */
  arbiter: string;
  /**
   * The page's URL for one side.
   * @param query - extra query parameters (e.g. `{ wallet: 'dev', account: '1' }`).
   */
  pageUrl(query?: Record<string, string>): string;
  /** Stops everything. */
  stop(): Promise<void>;
}

/**
 * Builds the widget when needed, starts anvil, deploys the contracts, starts a relay and serves the demo.
 * @returns the running demo.
 */
export async function startMarketplaceDemo(): Promise<MarketplaceDemo> {
  await ensureWidgetBuild();
  if (!existsSync(join(ROOT, 'widget/dist/cryptalk-escrow.js'))) await buildWidget();
  const chain = await startTestChain();
  const [deployer, , , arbiterSigner] = chain.signers;
  if (!deployer || !arbiterSigner) throw new Error('anvil has fewer than four accounts');
  const deployment = await deployMarketplace(deployer, chain.artifacts);
  const relay = await createRelay({ host: '127.0.0.1', port: 0 });
  const demo = await startDemo({ example: 'marketplace-demo', relayUrl: relay.url });
  const base = {
    marketplace: deployment.marketplace,
    chain: String(deployment.chainId),
    arbiter: arbiterSigner.address,
    rpc: chain.node.rpcUrl,
  };
  return {
    url: demo.url,
    rpcUrl: chain.node.rpcUrl,
    chain,
    deployment,
    arbiter: arbiterSigner.address,
    pageUrl: (query = {}) => `${demo.url}/?${new URLSearchParams({ ...base, ...query })}`,
    async stop() {
      await demo.close();
      await relay.close();
      await chain.stop();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const demo = await startMarketplaceDemo();
  process.stdout.write(
    [
      `anvil      ${demo.rpcUrl} (chain ${demo.deployment.chainId})`,
      `marketplace ${demo.deployment.marketplace}, vault ${demo.deployment.escrowVault}`,
      `seller     ${demo.pageUrl({ wallet: 'dev', account: '1' })}`,
      `buyer      ${demo.pageUrl({ wallet: 'dev', account: '2' })}`,
      'Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
