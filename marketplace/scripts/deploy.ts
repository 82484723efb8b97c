/**
 * Deploys the marketplace contracts.
 *
 *   Local node (starts anvil on 127.0.0.1, deploys, keeps running until Ctrl-C):
 *     node --conditions=source --import tsx marketplace/scripts/deploy.ts --local
 *   Any EVM chain by RPC URL (key from the DEPLOYER_PRIVATE_KEY environment variable):
 *     DEPLOYER_PRIVATE_KEY=0x… node --conditions=source --import tsx marketplace/scripts/deploy.ts --rpc https://…
 *
 * Writes `marketplace/deployments/<chainId>.json` and prints the addresses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Wallet } from 'ethers';
import { deployMarketplace } from '../src/deploy.js';
import { ReceiptPollingJsonRpcProvider } from '../src/receipt-polling.js';
import { ANVIL_KEYS, startAnvil } from '../src/testing/anvil.js';
import { compileContracts, MARKETPLACE_ROOT } from './compile.js';

const { values } = parseArgs({
  options: { local: { type: 'boolean', default: false }, rpc: { type: 'string' } },
});

if (!values.local && !values.rpc) {
  console.error('usage: deploy.ts --local | --rpc <url>   (DEPLOYER_PRIVATE_KEY for --rpc)');
  process.exit(2);
}

const artifacts = compileContracts();
const node = values.local ? await startAnvil() : undefined;
const rpcUrl = node?.rpcUrl ?? values.rpc!;
const key = node ? ANVIL_KEYS[0] : process.env.DEPLOYER_PRIVATE_KEY;
if (!key) {
  console.error('set DEPLOYER_PRIVATE_KEY to deploy with --rpc');
  process.exit(2);
}
const provider = new ReceiptPollingJsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
const deployer = new Wallet(key, provider);
const deployment = await deployMarketplace(deployer, artifacts);
const dir = join(MARKETPLACE_ROOT, 'deployments');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${deployment.chainId}.json`), `${JSON.stringify(deployment, null, 2)}\n`);
console.log(JSON.stringify({ rpcUrl, deployer: deployer.address, ...deployment }, null, 2));

if (node) {
  console.log('anvil is running; Ctrl-C to stop');
  const stop = async () => {
    provider.destroy();
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  provider.destroy();
}
