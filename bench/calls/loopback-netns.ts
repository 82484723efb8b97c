/**
 * A throwaway Linux network namespace with only the loopback interface, so that every packet of a calls
 * test (browsers, coturn, LiveKit, the page server) stays on 127.0.0.1 and WebRTC cannot even see the
 * machine's other interfaces. Needs root (CAP_SYS_ADMIN) and iproute2, as on CI.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { CommandWrapper } from '../../test/helpers/server-process.js';

/** A loopback-only network namespace. */
export interface LoopbackNetns {
  /** Its name (`ip netns list`). */
  readonly name: string;
  /** Runs commands inside it. */
  readonly wrap: CommandWrapper;
  /** Deletes it. */
  remove(): void;
}

/**
 * Creates the namespace and brings its loopback interface up.
 * @throws Error naming iproute2 and the privilege needed when that fails.
 */
export function createLoopbackNetns(): LoopbackNetns {
  const name = `cryptalk-calls-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    execFileSync('ip', ['netns', 'add', name], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'pipe' });
  } catch (err) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
    } catch {}
    throw new Error(
      `could not create a loopback-only network namespace with iproute2 (\`ip netns add\`; needs root and the iproute2 package): ${(err as Error).message}`,
    );
  }
  return {
    name,
    wrap: (command, args) => ['ip', ['netns', 'exec', name, command, ...args]],
    remove: () => {
      try {
        execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
      } catch {}
    },
  };
}
