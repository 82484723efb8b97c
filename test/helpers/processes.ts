import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** A child process started by a test, with the URL it printed. */
export interface Started {
  proc: ChildProcess;
  url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the built `cryptalk-relay` bin on a free loopback port and waits for it to print its URL.
 * @param args - extra CLI arguments.
 */
export async function startRelayProcess(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  // Without a store choice the CLI writes an embedded store under ./cryptalk-data: tests keep it in memory.
  const store = args.some((a) => a === '--store' || a === '--data-dir') ? [] : ['--store', 'memory'];
  const proc = spawn(
    process.execPath,
    [join(ROOT, 'relay/bin/cryptalk-relay.js'), '--port', '0', ...store, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, CRYPTALK_LOG: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start in 10 s: ${err}`)), 10_000);
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with code ${code}: ${err}`));
    });
  });
  return {
    proc,
    url,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      proc.kill(signal);
      await exited;
    },
  };
}
