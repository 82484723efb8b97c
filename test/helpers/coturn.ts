import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';

// Small process and port helpers shared with livekit.ts (they belong in a shared test/helpers file).
/**
 * Runs a command inside some isolation (for example `ip netns exec <name>`): maps a command and its
 * arguments to the ones to spawn. The identity when omitted.
 */
export type CommandWrapper = (command: string, args: string[]) => [string, string[]];

/** The identity {@link CommandWrapper}. */
export const NO_WRAPPER: CommandWrapper = (command, args) => [command, args];

/**
 * Asks the OS for a free TCP port on 127.0.0.1 (listen on 0, read it, close). Another process could take it
 * before the caller binds. Inside a fresh network namespace every port is free, so this is only a guess
 * there, and a good one.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((ok) => server.close(() => ok()));
  if (!port) throw new Error('could not find a free loopback port');
  return port;
}

/**
 * Whether something accepts TCP connections on 127.0.0.1:`port`, seen from where `wrap` runs commands
 * (the current network namespace when it is the identity).
 */
export async function tcpAccepts(port: number, wrap: CommandWrapper = NO_WRAPPER): Promise<boolean> {
  if (wrap === NO_WRAPPER) {
    return new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
  }
  const [cmd, args] = wrap('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
  return new Promise<boolean>((resolve) => {
    const p = spawn(cmd, args, { stdio: 'ignore' });
    p.once('error', () => resolve(false));
    p.once('exit', (code) => resolve(code === 0));
  });
}

/**
 * Polls {@link tcpAccepts} until it is true.
 * @throws Error naming `what` when the deadline passes or `exited()` says the process is gone.
 */
export async function waitForTcp(
  what: string,
  port: number,
  timeoutMs: number,
  wrap: CommandWrapper,
  exited: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; ; i++) {
    const gone = exited();
    if (gone !== undefined) throw new Error(`${what} exited before listening: ${gone}`);
    if (await tcpAccepts(port, wrap)) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, Math.min(50 * (i + 1), 250)));
  }
}

/** Where the coturn binary is looked for: `$TURNSERVER`, then the Debian path. */
export function findTurnserver(): string {
  const candidates = [process.env.TURNSERVER, '/usr/bin/turnserver', '/usr/local/bin/turnserver'];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  throw new Error(
    'coturn (turnserver) not found: install it with `apt-get install coturn` (as .ci/run does) or set TURNSERVER',
  );
}

/** A coturn server running on 127.0.0.1 for a test. */
export interface Coturn {
  /** `turn:127.0.0.1:<port>?transport=udp`. */
  readonly urlUdp: string;
  /** `turn:127.0.0.1:<port>?transport=tcp`. */
  readonly urlTcp: string;
  /** The listening port (UDP and TCP). */
  readonly port: number;
  /** The REST API shared secret (`static-auth-secret`). */
  readonly secret: string;
  /** The child process. */
  readonly proc: ChildProcess;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** How long to wait for coturn to accept connections. */
const COTURN_START_TIMEOUT_MS = 10_000;

/**
 * Starts coturn on 127.0.0.1 only, with the REST API auth scheme (`--use-auth-secret`), loopback peers
 * allowed (`--allow-loopback-peers`), no CLI, no TLS/DTLS listeners, and a narrow relay port range, then
 * waits until its TCP listener accepts.
 * @param secret - the shared secret; random when omitted.
 * @param wrap - runs it elsewhere, e.g. inside a loopback-only network namespace.
 * @throws Error naming coturn when the binary is missing or it does not start.
 */
export async function startCoturn(
  secret: string = randomBytes(24).toString('hex'),
  wrap: CommandWrapper = NO_WRAPPER,
): Promise<Coturn> {
  const bin = findTurnserver();
  const port = await freePort();
  const minPort = 40_000 + Math.floor(Math.random() * 20_000);
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 200}`,
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    '--realm=cryptalk.test',
    '--allow-loopback-peers',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--no-multicast-peers',
    '--fingerprint',
    '--log-file=stdout',
    '--simple-log',
  ];
  const [cmd, cmdArgs] = wrap(bin, args);
  const proc = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout?.on('data', (d) => {
    log = (log + d).slice(-20_000);
  });
  proc.stderr?.on('data', (d) => {
    log = (log + d).slice(-20_000);
  });
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  };
  try {
    await waitForTcp('coturn', port, COTURN_START_TIMEOUT_MS, wrap, () =>
      proc.exitCode === null ? undefined : `code ${proc.exitCode}: ${log.slice(-2000)}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    urlUdp: `turn:127.0.0.1:${port}?transport=udp`,
    urlTcp: `turn:127.0.0.1:${port}?transport=tcp`,
    port,
    secret,
    proc,
    stop,
  };
}
