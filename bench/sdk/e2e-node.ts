/**
 * End-to-end figures on Node: two `CrypTalkClient`s on loopback through a real relay (embedded store in a temp
 * dir), each with its own encrypted file store. Measures messages/s with a window of sends in flight (all `N`
 * sends started at once; timed until every send is acked and the peer has emitted every message) in a group
 * (MLS) room and in a 1:1 (PQXDH + Double Ratchet) room, then the time to reopen the receiver from its store
 * and page through 10,000 messages of history with `room.history()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay, type Relay } from '@cryptalk/relay';
import { CrypTalkClient, type Room } from '../../sdk/src/index.js';
import type { Store } from '../../sdk/src/store/index.js';
import { openNodeFileStore } from '../../sdk/src/store/node/index.js';
import { startProfile, stopProfile } from './cpu-profile.js';
import type { Figure } from './store-figures.js';

/** Messages sent per end-to-end run. */
const E2E_MESSAGES = Number(process.env.CRYPTALK_BENCH_E2E_MESSAGES ?? 2000);
/** Messages of history paged through after a reopen (0 skips that part). */
const HISTORY_MESSAGES = Number(process.env.CRYPTALK_BENCH_HISTORY_MESSAGES ?? 10_000);
/** Which rooms to measure (`group,direct`); profiling one at a time helps. */
const E2E_ROOMS = (process.env.CRYPTALK_BENCH_E2E_ROOMS ?? 'group,direct').split(',');
/** How far the relay's embedded store syncs a COMMIT (`full`, its default, or `normal`). */
const RELAY_SYNC = process.env.CRYPTALK_BENCH_RELAY_SYNC === 'normal' ? 'normal' : 'full';
/**
 * The `ws` the project pins (8.x, the relay's and the Node bot's), not whatever version the root happens to
 * hoist: ws 7 draws a CSPRNG mask per frame, ws 8 from a pool.
 */
const WebSocket = createRequire(import.meta.resolve('@cryptalk/relay'))('ws') as unknown;
/** Longest one run may take before the benchmark gives up, in ms. */
const RUN_TIMEOUT_MS = 300_000;

/** The relay of the end-to-end runs: embedded store in `dataDir`, limits raised so only CPU bounds the rate. */
export function benchRelayOptions(dataDir: string): Parameters<typeof createRelay>[0] {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    storeSync: RELAY_SYNC,
    connFramesPerSec: 1_000_000,
    connFramesBurst: 1_000_000,
    ipFramesPerSec: 10_000_000,
    ipFramesBurst: 10_000_000,
    lookupsPerMinute: 10_000,
    historyMax: 100_000,
    slowConsumerBytes: 256 * 1024 * 1024,
  } as Parameters<typeof createRelay>[0];
}

/** An encrypted Node file store (fsync) in `dir`, with a cheap KDF (a benchmark, not real data). */
export function openBenchStore(dir: string): Promise<Store> {
  return openNodeFileStore({
    dir,
    passphrase: 'bench passphrase',
    kdf: { kind: 'scrypt', N: 1024, r: 8, p: 1 },
    allowWeakKdf: true,
    sweepIntervalMs: 0,
  });
}

/** A client of the benchmark relay at `url`. */
export function openBenchClient(url: string, name: string, store: Store): Promise<CrypTalkClient> {
  return CrypTalkClient.open({
    relay: url,
    WebSocket: WebSocket as never,
    displayName: name,
    store,
    reconnect: false,
    joinTimeoutMs: 30_000,
  });
}

interface Env {
  relay: Relay;
  dir: string;
  stores: Store[];
  clients: CrypTalkClient[];
}

async function fileStore(env: Env, name: string): Promise<Store> {
  const store = await openBenchStore(join(env.dir, name));
  env.stores.push(store);
  return store;
}

async function client(env: Env, name: string, store: Store): Promise<CrypTalkClient> {
  const c = await openBenchClient(env.relay.url, name, store);
  env.clients.push(c);
  return c;
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

async function until(check: () => boolean, what: string, ms = RUN_TIMEOUT_MS): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`bench timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Sends `n` messages from `from` at once and times them until all are acked and `to` emitted them all. */
async function burst(
  from: Room,
  to: CrypTalkClient,
  n: number,
  label: string,
  profile = false,
): Promise<{ perSec: number; ms: number; cpuMsPerMessage: number }> {
  if (profile) await startProfile();
  let received = 0;
  const off = to.on('message', (m) => {
    if (m.room === from.id && m.text.startsWith(label)) received++;
  });
  const t = performance.now();
  const cpu = process.cpuUsage();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++)
    sends.push(from.send(`${label} ${i}: the quick brown fox jumps over the lazy dog`));
  await Promise.all(sends);
  await until(() => received >= n, `${n} messages in ${label}`);
  const ms = performance.now() - t;
  const used = cpuMs(process.cpuUsage(cpu));
  off();
  if (profile) await stopProfile(`e2e-${label}`);
  return { perSec: n / (ms / 1000), ms, cpuMsPerMessage: used / n };
}

async function groupPair(a: CrypTalkClient, b: CrypTalkClient): Promise<[Room, Room]> {
  const roomA = await a.createRoom({ name: 'bench' });
  const roomB = await b.joinByLink(await roomA.invite());
  await until(() => roomB.ready && roomA.members().length === 2, 'the group join', 30_000);
  return [roomA, roomB];
}

async function directPair(a: CrypTalkClient, b: CrypTalkClient): Promise<[Room, Room]> {
  const roomA = await a.createDirectRoom();
  const roomB = await b.joinByLink(await roomA.invite());
  await until(() => roomA.ready && roomB.ready, 'the 1:1 join', 30_000);
  return [roomA, roomB];
}

/** Runs the end-to-end benchmarks. */
export async function benchEndToEnd(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'cryptalk-bench-e2e-'));
  const relay = await createRelay(benchRelayOptions(join(dir, 'relay')));
  const env: Env = { relay, dir, stores: [], clients: [] };
  try {
    const storeB = await fileStore(env, 'b');
    const a = await client(env, 'Ada', await fileStore(env, 'a'));
    let b = await client(env, 'Bob', storeB);

    const [groupA] = await groupPair(a, b);
    await burst(groupA, b, 50, 'warm-group');
    if (E2E_ROOMS.includes('group')) {
      const group = await burst(groupA, b, E2E_MESSAGES, 'group', true);
      figures.push({
        name: `group (MLS): ${E2E_MESSAGES} messages, all in flight`,
        value: group.perSec,
        unit: 'messages/s',
      });
      figures.push({
        name: 'group (MLS): CPU per message (2 clients + relay)',
        value: group.cpuMsPerMessage,
        unit: 'ms',
      });
    }
    const [directA] = await directPair(a, b);
    await burst(directA, b, 50, 'warm-direct');
    if (E2E_ROOMS.includes('direct')) {
      const direct = await burst(directA, b, E2E_MESSAGES, 'direct', true);
      figures.push({
        name: `1:1 (Double Ratchet): ${E2E_MESSAGES} messages, all in flight`,
        value: direct.perSec,
        unit: 'messages/s',
      });
      figures.push({
        name: '1:1 (Double Ratchet): CPU per message (2 clients + relay)',
        value: direct.cpuMsPerMessage,
        unit: 'ms',
      });
    }

    if (HISTORY_MESSAGES === 0) return figures;
    // History: fill the 1:1 room (the faster one; history is the same code for both kinds) up to 10,000
    // messages in bursts, reopen Bob from his store, page through.
    let have = 50 + (E2E_ROOMS.includes('direct') ? E2E_MESSAGES : 0);
    for (let k = 0; have < HISTORY_MESSAGES; k++) {
      const n = Math.min(2000, HISTORY_MESSAGES - have);
      await burst(directA, b, n, `fill${k}`);
      have += n;
    }
    await b.close();
    env.clients.splice(env.clients.indexOf(b), 1);
    await storeB.close();
    const reopenedStore = await fileStore(env, 'b');
    let t = performance.now();
    let cpu = process.cpuUsage();
    b = await client(env, 'Bob', reopenedStore);
    const opened = performance.now() - t;
    const openedCpu = cpuMs(process.cpuUsage(cpu));
    const room = b.room(directA.id);
    if (!room) throw new Error('bench: the reopened client lost the 1:1 room');
    t = performance.now();
    cpu = process.cpuUsage();
    let loaded = 0;
    let before: number | undefined;
    for (;;) {
      const page = await room.history({ limit: 100, ...(before === undefined ? {} : { before }) });
      loaded += page.messages.length;
      if (page.next === undefined) break;
      before = page.next;
    }
    const paged = performance.now() - t;
    const pagedCpu = cpuMs(process.cpuUsage(cpu));
    if (loaded < HISTORY_MESSAGES)
      throw new Error(`bench: paged ${loaded} messages, expected ≥ ${HISTORY_MESSAGES}`);
    figures.push({ name: `client reopen from file store (${loaded} messages)`, value: opened, unit: 'ms' });
    figures.push({ name: `room.history(): page through ${loaded} (pages of 100)`, value: paged, unit: 'ms' });
    figures.push({
      name: `load ${loaded} messages of history (reopen + paging)`,
      value: opened + paged,
      unit: 'ms',
    });
    figures.push({ name: '  of which CPU: reopen', value: openedCpu, unit: 'ms' });
    figures.push({ name: '  of which CPU: paging', value: pagedCpu, unit: 'ms' });
  } finally {
    for (const c of env.clients) await c.close().catch(() => undefined);
    for (const s of env.stores) await s.close().catch(() => undefined);
    await relay.close();
    await rm(env.dir, { recursive: true, force: true });
  }
  return figures;
}
