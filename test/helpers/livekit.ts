import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  type CommandWrapper,
  findExecutable,
  freePort,
  NO_WRAPPER,
  startServerProcess,
} from './server-process.js';

/** Where the LiveKit server binary is looked for: `$LIVEKIT_SERVER`, then the folder `.ci/run` builds into. */
export function findLiveKitServer(): string {
  return findExecutable(
    [process.env.LIVEKIT_SERVER, join(homedir(), '.cache/cryptalk/livekit/server')],
    'LiveKit server not found: `.ci/run` builds it into ~/.cache/cryptalk/livekit/server ' +
      '(CGO_ENABLED=0 go install github.com/livekit/livekit-server/cmd/server@v1.13.5); or set LIVEKIT_SERVER',
  );
}

/** A LiveKit server running on 127.0.0.1 for a test. */
export interface LiveKitServer {
  /** `ws://127.0.0.1:<port>` for livekit-client. */
  readonly url: string;
  /** The API key. */
  readonly apiKey: string;
  /** The API secret. */
  readonly apiSecret: string;
  /** The child process. */
  readonly proc: ChildProcess;
  /** Stops the server. */
  stop(): Promise<void>;
}

/** How long to wait for LiveKit to accept connections on its HTTP port. */
const LIVEKIT_START_TIMEOUT_MS = 20_000;

/**
 * The loopback-only LiveKit configuration the tests use: signalling and media bound to 127.0.0.1, no external
 * IP discovery (no STUN to the internet), node IP 127.0.0.1, loopback candidates allowed, one UDP mux port
 * and one TCP port, one API key.
 */
export function liveKitConfig(opts: {
  port: number;
  udpPort: number;
  tcpPort: number;
  apiKey: string;
  apiSecret: string;
}): string {
  return [
    `port: ${opts.port}`,
    'bind_addresses:',
    '  - 127.0.0.1',
    'rtc:',
    `  udp_port: ${opts.udpPort}`,
    `  tcp_port: ${opts.tcpPort}`,
    '  use_external_ip: false',
    '  node_ip: 127.0.0.1',
    '  enable_loopback_candidate: true',
    '  stun_servers: []',
    'keys:',
    `  ${opts.apiKey}: ${opts.apiSecret}`,
    'logging:',
    '  level: warn',
    'turn:',
    '  enabled: false',
    '',
  ].join('\n');
}

/**
 * Starts `livekit-server` on 127.0.0.1 with {@link liveKitConfig} and waits until its HTTP endpoint answers.
 * @param wrap - runs it elsewhere, e.g. inside a loopback-only network namespace.
 * @throws Error naming LiveKit when the binary is missing or it does not start.
 */
export async function startLiveKit(wrap: CommandWrapper = NO_WRAPPER): Promise<LiveKitServer> {
  // Its ports are found free here but bound later, and inside `wrap` (another network namespace) by then
  // something else may hold one: such a start is tried again on other ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLiveKitOnce(wrap);
    } catch (err) {
      if (attempt >= LIVEKIT_START_ATTEMPTS || !/address already in use/.test(String(err))) throw err;
    }
  }
}

/** How many times {@link startLiveKit} tries ports before it gives up on a port clash. */
const LIVEKIT_START_ATTEMPTS = 3;

async function startLiveKitOnce(wrap: CommandWrapper): Promise<LiveKitServer> {
  const bin = findLiveKitServer();
  const [port, udpPort, tcpPort] = [await freePort(), await freePort(), await freePort()];
  const apiKey = `APItest${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('hex');
  const config = liveKitConfig({ port, udpPort, tcpPort, apiKey, apiSecret });
  const { proc, stop } = await startServerProcess({
    what: 'LiveKit server',
    command: bin,
    args: ['--config-body', config],
    port,
    timeoutMs: LIVEKIT_START_TIMEOUT_MS,
    killGraceMs: 2000,
    wrap,
  });
  return { url: `ws://127.0.0.1:${port}`, apiKey, apiSecret, proc, stop };
}
