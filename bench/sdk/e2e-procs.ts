/**
 * The end-to-end figures with one process per party, as they run in reality: the relay (embedded store) in a
 * child process, the receiving client in another, the sending client in this one. Same burst as `e2e-node.ts`
 * (all `N` sends started at once; timed until every send is acked and the peer has emitted every message);
 * the CPU per message adds up the three processes.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CrypTalkClient, Room } from '../../sdk/src/index.js';
import type { Store } from '../../sdk/src/store/index.js';
import { PROFILE_DIR, startProfile, stopProfile } from './cpu-profile.js';
import { openBenchClient, openBenchStore } from './e2e-node.js';
import type { ChildCommand, ChildReply } from './e2e-proc-child.js';
import type { Figure } from './store-figures.js';

const E2E_MESSAGES = Number(process.env.CRYPTALK_BENCH_E2E_MESSAGES ?? 2000);
const E2E_ROOMS = (process.env.CRYPTALK_BENCH_E2E_ROOMS ?? 'group,direct').split(',');
const CHILD = fileURLToPath(new URL('./e2e-proc-child.ts', import.meta.url));

/** A child process; replies are matched to commands by id. */
class Child {
  readonly #proc: ChildProcess;
  readonly #pending = new Map<number, { resolve(r: ChildReply): void; reject(e: Error): void }>();
  #ids = 0;

  constructor(role: 'relay' | 'client', dir: string) {
    this.#proc = fork(CHILD, [role, dir], {
      execArgv: ['--conditions=source', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#proc.on('message', (r: ChildReply) => {
      const w = this.#pending.get(r.id);
      this.#pending.delete(r.id);
      if (r.kind === 'failed') w?.reject(new Error(`bench child (${role}): ${r.error}`));
      else w?.resolve(r);
    });
    this.#proc.on('exit', (code) => {
      for (const w of this.#pending.values())
        w.reject(new Error(`bench child (${role}) exited with ${code}`));
      this.#pending.clear();
    });
  }

  #wait(id: number): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
    });
  }

  /** Its `ready` message (registered at once, so it is never missed). */
  readonly ready = this.#wait(0);

  ask(cmd: DistributiveOmit<ChildCommand, 'id'>): Promise<ChildReply> {
    const id = ++this.#ids;
    const r = this.#wait(id);
    this.#proc.send({ ...cmd, id });
    return r;
  }

  kill(): void {
    if (this.#proc.exitCode === null) this.#proc.kill();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function until(check: () => boolean, what: string, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs the end-to-end benchmarks with the relay and each client in its own process. */
export async function benchEndToEndProcesses(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'cryptalk-bench-procs-'));
  const relay = new Child('relay', join(dir, 'relay'));
  const bob = new Child('client', join(dir, 'b'));
  let store: Store | undefined;
  let ada: CrypTalkClient | undefined;
  try {
    const url = (await relay.ready).url as string;
    await bob.ready;
    await bob.ask({ kind: 'open', relay: url });
    store = await openBenchStore(join(dir, 'a'));
    ada = await openBenchClient(url, 'Ada', store);
    const a = ada;

    /** CPU time so far of each process (relay, receiver, sender), ms. */
    const cpuEach = async (): Promise<[number, number, number]> => [
      (await relay.ask({ kind: 'cpu' })).cpuMs,
      (await bob.ask({ kind: 'cpu' })).cpuMs,
      ownCpuMs(),
    ];

    const burst = async (room: Room, n: number, label: string, profile = false) => {
      if (profile && PROFILE_DIR) {
        await Promise.all([relay.ask({ kind: 'profile-start' }), bob.ask({ kind: 'profile-start' })]);
        await startProfile();
      }
      const expected = bob.ask({ kind: 'expect', room: room.id, label, n });
      const cpu = await cpuEach();
      const t = performance.now();
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++)
        sends.push(room.send(`${label} ${i}: the quick brown fox jumps over the lazy dog`));
      await Promise.all(sends);
      await expected;
      const ms = performance.now() - t;
      const after = await cpuEach();
      const each = after.map((c, i) => (c - (cpu[i] as number)) / n) as [number, number, number];
      if (profile && PROFILE_DIR) {
        const name = `procs-${label}`;
        await stopProfile(`${name}-sender`);
        await relay.ask({ kind: 'profile-stop', name });
        await bob.ask({ kind: 'profile-stop', name });
      }
      return { perSec: n / (ms / 1000), cpuMsPerMessage: each[0] + each[1] + each[2], each };
    };

    const rooms: Array<[string, string, () => Promise<Room>]> = [
      ['group', 'group (MLS)', () => a.createRoom({ name: 'bench' })],
      ['direct', '1:1 (Double Ratchet)', () => a.createDirectRoom()],
    ];
    for (const [key, title, create] of rooms) {
      const room = await create();
      await bob.ask({ kind: 'join', link: await room.invite() });
      await until(() => room.ready && (key === 'direct' || room.members().length === 2), 'the join', 30_000);
      await burst(room, 50, `warm-${key}`);
      if (!E2E_ROOMS.includes(key)) continue;
      const r = await burst(room, E2E_MESSAGES, key, true);
      figures.push({
        name: `${title}: ${E2E_MESSAGES} messages, all in flight`,
        value: r.perSec,
        unit: 'messages/s',
      });
      figures.push({
        name: `${title}: CPU per message (3 processes)`,
        value: r.cpuMsPerMessage,
        unit: 'ms',
      });
      for (const [i, who] of ['relay', 'receiver', 'sender'].entries()) {
        figures.push({ name: `${title}: CPU per message, ${who}`, value: r.each[i] as number, unit: 'ms' });
      }
    }
  } finally {
    await ada?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await bob.ask({ kind: 'close' }).catch(() => undefined);
    await relay.ask({ kind: 'close' }).catch(() => undefined);
    bob.kill();
    relay.kill();
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}
