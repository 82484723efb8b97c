/**
 * Compiles `marketplace/contracts/**.sol` with solc-js (the npm `solc` package: WebAssembly, never a compiler
 * download), writes one JSON artifact per contract to `marketplace/artifacts/`, and, when run as a script,
 * regenerates the typed `as const` ABIs in `marketplace/src/abi/`.
 *
 * Run: `node --conditions=source --import tsx marketplace/scripts/compile.ts [--force]`
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The marketplace package root. */
export const MARKETPLACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where contract sources live. */
export const CONTRACTS_DIR = join(MARKETPLACE_ROOT, 'contracts');
/** Where compiled artifacts are written (gitignored; regenerated on demand). */
export const ARTIFACTS_DIR = join(MARKETPLACE_ROOT, 'artifacts');
/** Where the typed ABIs are written. */
export const ABI_DIR = join(MARKETPLACE_ROOT, 'src', 'abi');

/** The contracts whose ABIs are part of the package's public API (the rest are test doubles). */
export const PUBLIC_CONTRACTS = ['EscrowVault', 'Marketplace', 'HTLC', 'PaymentChannel'] as const;

/** Compiler settings; part of the cache key. */
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

/** One compiled contract as stored in `artifacts/<Name>.json`. */
export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: readonly unknown[];
  bytecode: `0x${string}`;
  deployedBytecode: `0x${string}`;
}

const require = createRequire(import.meta.url);

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.sol')) out.push(path);
  }
  return out.sort();
}

function findImports(path: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `import not found: ${path}` };
  }
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<
      string,
      { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }
    >
  >;
}

/**
 * Compiles every contract unless the cached artifacts match the current sources, compiler and settings.
 *
 * @param options.force - recompile even when the cache is fresh.
 * @returns the artifacts by contract name.
 * @throws Error with every compiler error when compilation fails.
 */
export function compileContracts(options: { force?: boolean } = {}): Map<string, Artifact> {
  const solc = require('solc') as { compile(input: string, cb: object): string; version(): string };
  const files = listSources(CONTRACTS_DIR);
  const sources: Record<string, { content: string }> = {};
  const hash = createHash('sha256').update(solc.version()).update(JSON.stringify(SETTINGS));
  for (const file of files) {
    const name = relative(MARKETPLACE_ROOT, file).split(sep).join('/');
    const content = readFileSync(file, 'utf8');
    sources[name] = { content };
    hash.update(name).update('\0').update(content).update('\0');
  }
  const key = hash.digest('hex');
  const stampPath = join(ARTIFACTS_DIR, '.source-hash');
  if (!options.force && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === key) {
    return loadArtifacts();
  }
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const result = new Map<string, Artifact>();
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    if (!sourceName.startsWith('contracts/')) continue;
    for (const [contractName, c] of Object.entries(contracts)) {
      if (c.evm.bytecode.object.length === 0) continue; // interfaces and abstract contracts
      const artifact: Artifact = {
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      };
      result.set(contractName, artifact);
      writeFileSync(join(ARTIFACTS_DIR, `${contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
    }
  }
  writeFileSync(stampPath, key);
  return result;
}

/**
 * Reads the artifacts in `artifacts/` without compiling.
 *
 * @returns the artifacts by contract name.
 */
export function loadArtifacts(): Map<string, Artifact> {
  const result = new Map<string, Artifact>();
  for (const name of readdirSync(ARTIFACTS_DIR)) {
    if (!name.endsWith('.json')) continue;
    const artifact = JSON.parse(readFileSync(join(ARTIFACTS_DIR, name), 'utf8')) as Artifact;
    result.set(artifact.contractName, artifact);
  }
  return result;
}

/** `EscrowVault` → `escrow-vault`; `HTLC` → `htlc`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** `EscrowVault` → `escrowVaultAbi`; `HTLC` → `htlcAbi`. */
export function abiConstName(name: string): string {
  const camel = kebabCase(name).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return `${camel}Abi`;
}

/**
 * Renders the TypeScript module for one public contract's ABI (formatted afterwards by Biome).
 *
 * @param name - the contract name.
 * @param abi - its ABI.
 * @returns the module text.
 */
export function renderAbiModule(name: string, abi: readonly unknown[]): string {
  return [
    '// Generated by marketplace/scripts/compile.ts from the Solidity sources; do not edit by hand.',
    '',
    `/** The ABI of \`${name}\`, typed \`as const\` for ethers/viem/abitype inference. */`,
    `export const ${abiConstName(name)} = ${JSON.stringify(abi, null, 2)} as const;`,
    '',
  ].join('\n');
}

function writeAbiModules(artifacts: Map<string, Artifact>): void {
  mkdirSync(ABI_DIR, { recursive: true });
  const index = ['// Generated by marketplace/scripts/compile.ts; do not edit by hand.', ''];
  for (const name of PUBLIC_CONTRACTS) {
    const artifact = artifacts.get(name);
    if (!artifact) throw new Error(`contract ${name} missing from the compiler output`);
    writeFileSync(join(ABI_DIR, `${kebabCase(name)}.ts`), renderAbiModule(name, artifact.abi));
    index.push(`export { ${abiConstName(name)} } from './${kebabCase(name)}.js';`);
  }
  writeFileSync(join(ABI_DIR, 'index.ts'), `${index.join('\n')}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const artifacts = compileContracts({ force: process.argv.includes('--force') });
  writeAbiModules(artifacts);
  const { spawnSync } = await import('node:child_process');
  const biome = spawnSync('npx', ['biome', 'format', '--write', ABI_DIR], { stdio: 'inherit' });
  if (biome.status !== 0) throw new Error('biome format failed on the generated ABIs');
  console.log(`compiled ${artifacts.size} contracts in ${Date.now() - started} ms → ${ARTIFACTS_DIR}`);
}
