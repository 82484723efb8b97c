import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { connect, createServer } from 'node:net';

// Process and port helpers for the test servers (coturn, LiveKit) that tests start on 127.0.0.1.

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

/**
 * The first executable among `candidates`.
 * @throws Error with `hint` (which names the component and how to install it) when there is none.
 */
export function findExecutable(candidates: (string | undefined)[], hint: string): string {
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  throw new Error(hint);
}

/** A server process started by {@link startServerProcess}. */
export interface ServerProcess {
  /** The child process. */
  readonly proc: ChildProcess;
  /** Stops it: SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

/**
 * Spawns a server (through `wrap`), keeps the tail of its output for error messages, and waits until it
 * accepts TCP connections on 127.0.0.1:`port`.
 * @throws Error naming `what`, with the output's tail, when it exits early or does not listen in time.
 */
export async function startServerProcess(opts: {
  what: string;
  command: string;
  args: string[];
  port: number;
  timeoutMs: number;
  killGraceMs: number;
  wrap: CommandWrapper;
}): Promise<ServerProcess> {
  const [cmd, cmdArgs] = opts.wrap(opts.command, opts.args);
  const proc = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d).slice(-20_000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), opts.killGraceMs);
    await exited;
    clearTimeout(t);
  };
  try {
    await waitForTcp(opts.what, opts.port, opts.timeoutMs, opts.wrap, () =>
      proc.exitCode === null ? undefined : `code ${proc.exitCode}: ${log.slice(-2000)}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { proc, stop };
}

/**
 * `Promise.all` that waits for every promise to settle before it throws the first failure, so nothing started by
 * one of them is still starting once the caller cleans up.
 */
export async function allOrThrow<T extends readonly unknown[]>(
  promises: { [K in keyof T]: Promise<T[K]> },
): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
