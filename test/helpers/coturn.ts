import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  type CommandWrapper,
  findExecutable,
  freePort,
  NO_WRAPPER,
  startServerProcess,
} from './server-process.js';

/** Where the coturn binary is looked for: `$TURNSERVER`, then the Debian paths. */
export function findTurnserver(): string {
  return findExecutable(
    [process.env.TURNSERVER, '/usr/bin/turnserver', '/usr/local/bin/turnserver'],
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
  const { proc, stop } = await startServerProcess({
    what: 'coturn',
    command: bin,
    args,
    port,
    timeoutMs: COTURN_START_TIMEOUT_MS,
    killGraceMs: 3000,
    wrap,
  });
  return {
    urlUdp: `turn:127.0.0.1:${port}?transport=udp`,
    urlTcp: `turn:127.0.0.1:${port}?transport=tcp`,
    port,
    secret,
    proc,
    stop,
  };
}
