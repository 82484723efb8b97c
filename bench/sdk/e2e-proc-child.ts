/**
 * A child process of the multi-process end-to-end benchmark (`e2e-procs.ts`): the relay (`relay <dataDir>`) or
 * the receiving client (`client <storeDir>`), driven by the parent over the IPC channel. Every reply carries
 * this process's CPU time, so the parent can add up the CPU of all three processes.
 */
import { createRelay, type Relay } from '@cryptalk/relay';
import type { CrypTalkClient, Room } from '../../sdk/src/index.js';
import type { Store } from '../../sdk/src/store/index.js';
import { startProfile, stopProfile } from './cpu-profile.js';
import { benchRelayOptions, openBenchClient, openBenchStore } from './e2e-node.js';

/** A command from the parent (`id` is echoed in the reply). */
export type ChildCommand = { readonly id: number } & (
  | { readonly kind: 'cpu' }
  | { readonly kind: 'open'; readonly relay: string }
  | { readonly kind: 'join'; readonly link: string }
  | { readonly kind: 'expect'; readonly room: string; readonly label: string; readonly n: number }
  | { readonly kind: 'close' }
  | { readonly kind: 'profile-start' }
  | { readonly kind: 'profile-stop'; readonly name: string }
);

/** A reply to the parent. */
export interface ChildReply {
  readonly kind: 'ready' | 'cpu' | 'opened' | 'joined' | 'received' | 'closed' | 'profiled' | 'failed';
  /** The command's id (0 for `ready`). */
  readonly id: number;
  /** This process's CPU time so far, ms. */
  readonly cpuMs: number;
  readonly url?: string;
  readonly room?: string;
  readonly error?: string;
}

const role = process.argv[2];
const dir = process.argv[3];

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function reply(r: Omit<ChildReply, 'cpuMs' | 'id'>, id = 0): void {
  process.send?.({ ...r, id, cpuMs: cpuMs() } satisfies ChildReply);
}

async function until(check: () => boolean, what: string, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`bench child timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

if (!dir || (role !== 'relay' && role !== 'client'))
  throw new Error('usage: e2e-proc-child.ts relay|client <dir>');

let relay: Relay | undefined;
let store: Store | undefined;
let client: CrypTalkClient | undefined;
const counts = new Map<string, number>();

async function handle(cmd: ChildCommand): Promise<Omit<ChildReply, 'cpuMs' | 'id'>> {
  switch (cmd.kind) {
    case 'cpu':
      return { kind: 'cpu' };
    case 'open': {
      store = await openBenchStore(dir as string);
      client = await openBenchClient(cmd.relay, 'Bob', store);
      client.on('message', (m) => {
        const label = m.text.split(' ')[0] ?? '';
        const key = `${m.room}\u0000${label}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      });
      return { kind: 'opened' };
    }
    case 'join': {
      if (!client) throw new Error('join before open');
      const room: Room = await client.joinByLink(cmd.link);
      await until(() => room.ready, 'the join', 30_000);
      return { kind: 'joined', room: room.id };
    }
    case 'expect': {
      const key = `${cmd.room}\u0000${cmd.label}`;
      await until(() => (counts.get(key) ?? 0) >= cmd.n, `${cmd.n} messages of ${cmd.label}`, 300_000);
      return { kind: 'received' };
    }
    case 'profile-start':
      await startProfile();
      return { kind: 'profiled' };
    case 'profile-stop':
      await stopProfile(`${cmd.name}-${role}`);
      return { kind: 'profiled' };
    case 'close':
      await client?.close().catch(() => undefined);
      await store?.close().catch(() => undefined);
      await relay?.close();
      setTimeout(() => process.disconnect?.(), 100);
      return { kind: 'closed' };
  }
}

process.on('message', (cmd: ChildCommand) => {
  handle(cmd).then(
    (r) => reply(r, cmd.id),
    (err: unknown) => reply({ kind: 'failed', error: String((err as Error)?.stack ?? err) }, cmd.id),
  );
});

if (role === 'relay') {
  relay = await createRelay(benchRelayOptions(dir));
  reply({ kind: 'ready', url: relay.url });
} else {
  reply({ kind: 'ready' });
}
