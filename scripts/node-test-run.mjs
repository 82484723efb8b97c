// Runs test files with node's test runner (the Node and end-to-end suites), bounded in time.
import { spawn } from 'node:child_process';

/** The longest one test may run (`--test-timeout`), in ms. */
const TEST_LIMIT_MS = 10 * 60_000;
/** The longest a whole run may take, in ms: the Node suite and the end-to-end suite each take under 5 minutes. */
const RUN_LIMIT_MS = 25 * 60_000;
/** How long a timed-out run may take to report before its process group is killed, in ms. */
const STOP_GRACE_MS = 10_000;

/**
 * Runs `files` with `node --test` (TypeScript through tsx, workspace packages from source, the spec reporter)
 * and resolves with its exit status.
 *
 * A hung test (an RPC or a server that never answers) cannot hold CI to its limit. `--test-timeout` fails a
 * test after {@link TEST_LIMIT_MS}: Node 20 ends that file's process, and later Node versions end the test
 * (reported as `test timed out`), though a socket or timer it left open may keep its file's process alive. So
 * the whole run is also bounded: after {@link RUN_LIMIT_MS} the runner is asked to stop (it then reports the
 * results it has, the timed-out test among them), its process group is killed, and the run fails, saying so. (`--test-force-exit` would end such a file too, but on Node 24 it sometimes ends files before all
 * their tests have run, without a failure: it is not used.)
 *
 * @param {{ root: string, files: string[], concurrency: number, node?: string, what: string,
 *   testLimitMs?: number, runLimitMs?: number, quiet?: boolean }} options - `node`: the Node binary (default: this
 *   one); `what`: the suite's name in the timeout message; the limits default to {@link TEST_LIMIT_MS} and
 *   {@link RUN_LIMIT_MS}; `quiet` drops the run's output (this module's own test).
 * @returns {Promise<number>} the exit status (1 after a timeout).
 */
export function runNodeTests({
  root,
  files,
  concurrency,
  node = process.execPath,
  what,
  testLimitMs = TEST_LIMIT_MS,
  runLimitMs = RUN_LIMIT_MS,
  quiet = false,
}) {
  const args = [
    '--conditions=source',
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${testLimitMs}`,
    '--test-reporter=spec',
    ...files,
  ];
  const env = { ...process.env, CRYPTALK_LOG: process.env.CRYPTALK_LOG ?? 'silent' };
  // set inside a test file's process: a run started from there (this module's own test) would run no file
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(node, args, {
    cwd: root,
    stdio: quiet ? 'ignore' : 'inherit',
    // its own process group, so a timeout ends the file processes it started too
    detached: true,
    env,
  });
  /** Ends the run's whole process group (the runner and the file processes it started). */
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // Ctrl-C reaches the terminal's foreground group, which the detached run is not in: pass it on.
  const forward = (signal) => {
    killGroup(signal);
    process.exit(1);
  };
  process.once('SIGINT', forward);
  process.once('SIGTERM', forward);
  return new Promise((resolve) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n${what}: still running after ${runLimitMs / 1000} s, so a test hangs; stopping.`);
      // The runner, asked to stop, reports what it has (a test that timed out among it); then the whole group
      // goes, whatever is left of it.
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      setTimeout(() => killGroup('SIGKILL'), STOP_GRACE_MS).unref();
    }, runLimitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      // a file process a hung test kept alive may outlive the runner: end it with the run
      killGroup('SIGKILL');
      resolve(timedOut || code === null ? 1 : code);
    });
  });
}
