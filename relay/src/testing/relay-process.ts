import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** How long a relay child may take to print its banner (compiling from source on a busy 2-core machine). */
const START_TIMEOUT_MS = 60_000;

/** A relay child process started from source (no build needed). */
export interface RelayProcess {
  proc: ChildProcess;
  url: string;
  /** Everything it printed on stdout (its JSON logs and the banner). */
  stdout(): string;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `relay/src/cli.ts` under the current Node with tsx, on a free loopback port.
 * @param args - CLI flags.
 * @param env - extra environment (e.g. `CRYPTALK_LOG`).
 */
export async function startRelayProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RelayProcess> {
  const proc = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(ROOT, 'relay/src/cli.ts'), '--port', '0', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, CRYPTALK_LOG: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    // A relay that is slow to start is killed, so a failed start never leaves a process holding the test open.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`relay did not start in ${START_TIMEOUT_MS / 1000} s: ${err}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with code ${code}: ${err}`));
    });
  });
  return {
    proc,
    url,
    stdout: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill(signal);
      await exited;
    },
  };
}
