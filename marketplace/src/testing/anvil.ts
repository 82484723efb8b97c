import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** A running anvil node on loopback. */
export interface AnvilNode {
  /** `http://127.0.0.1:<port>`. */
  readonly rpcUrl: string;
  /** The chain id anvil was started with. */
  readonly chainId: number;
  /** Stops the node and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startAnvil}. */
export interface AnvilOptions {
  /** Chain id; @default 31337 */
  chainId?: number;
  /** How long to wait for the RPC to answer, in ms; @default 20000 */
  readyTimeoutMs?: number;
}

/** The first ten private keys of anvil's default mnemonic (public knowledge; test funds only). */
export const ANVIL_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
] as const;

/**
 * Finds the anvil binary shipped by `@foundry-rs/anvil` for this platform.
 *
 * @returns the absolute path of the binary.
 * @throws Error naming anvil when the package or its platform binary is not installed.
 */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  const bin = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  try {
    const path = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', bin);
    if (existsSync(path)) return path;
  } catch {
    // fall through to the error below
  }
  throw new Error(`anvil binary not found: install @foundry-rs/anvil (expected the ${pkg} package)`);
}

/**
 * Picks a free TCP port on 127.0.0.1 (anvil has no `--port 0`).
 *
 * @returns the port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function rpcReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000), // a node that accepts but never answers must not outlast the deadline
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts anvil on 127.0.0.1 with a free port and waits until its RPC answers.
 *
 * @param options - chain id and readiness timeout.
 * @returns the running node; call `stop()` when done.
 * @throws Error naming anvil when the binary is missing, exits early or never becomes ready.
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilNode> {
  const chainId = options.chainId ?? 31337;
  const binary = anvilBinary();
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--silent'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  // Never leave an orphaned node behind, even when the test process dies early.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      process.off('exit', killOnExit);
      resolve();
    });
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    if (exited) throw new Error(`anvil exited before becoming ready: ${stderr.trim()}`);
    if (await rpcReady(rpcUrl)) {
      return {
        rpcUrl,
        chainId,
        async stop() {
          if (!exited) child.kill('SIGTERM');
          await exit;
        },
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`anvil did not answer on ${rpcUrl} in time: ${stderr.trim()}`);
}
