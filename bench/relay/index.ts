/**
 * Relay benchmark: deliveries/s and latency (p50/p99/p99.9) for 1,000 connections in rooms of 10 and for one
 * room of 1,000, memory per idle connection, and the same load against a bare `ws` broadcast server, reported
 * as a ratio. Servers run in child processes pinned to CPU 0 (when `taskset` exists); the load generator runs
 * here, pinned to CPU 1. Prints figures; asserts nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadConn, Meter, newMsgId, openConn, type Target } from './load.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PIN = spawnSync('taskset', ['-V']).status === 0 && cpus().length >= 2;
const CONNS = Number(process.env.BENCH_CONNS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** A directory to write V8 CPU profiles of both servers to (`--cpu-prof`), e.g. `BENCH_CPU_PROF=/tmp/prof`. */
const CPU_PROF = process.env.BENCH_CPU_PROF;
/** The relay's store: `memory` (default here, the fan-out path alone) or `embedded` (the CLI's default, on disk). */
const STORE = process.env.BENCH_STORE ?? 'memory';
if (STORE !== 'memory' && STORE !== 'embedded')
  throw new Error(`BENCH_STORE must be memory or embedded, not ${STORE}`);

if (PIN) spawnSync('taskset', ['-pc', '1', String(process.pid)]);

interface Server {
  proc: ChildProcess;
  output(): string;
  target: Target;
  stop(): Promise<void>;
}

async function start(kind: 'relay' | 'bare'): Promise<Server> {
  const node = [process.execPath, '--expose-gc', '--conditions=source', '--import', 'tsx'];
  if (CPU_PROF) node.push('--cpu-prof', `--cpu-prof-dir=${join(CPU_PROF, kind)}`);
  const script =
    kind === 'relay'
      ? [
          join(ROOT, 'relay/src/cli.ts'),
          '--port',
          '0',
          '--store',
          STORE,
          ...(STORE === 'embedded'
            ? ['--data-dir', mkdtempSync(join(tmpdir(), 'cryptalk-bench-relay-'))]
            : []),
          '--max-connections-per-ip',
          '100000',
          '--ip-frames-per-sec',
          '10000000',
          '--ip-frames-burst',
          '10000000',
          '--conn-frames-per-sec',
          '100000',
          '--conn-frames-burst',
          '100000',
          '--max-rooms-per-connection',
          '4',
        ]
      : [join(ROOT, 'bench/relay/bare-ws-server.ts')];
  const argv = PIN ? ['taskset', '-c', '0', ...node, ...script] : [...node, ...script];
  const proc = spawn(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CRYPTALK_LOG: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    proc.once('exit', (c) => reject(new Error(`${kind} server exited ${c}`)));
  });
  return {
    proc,
    output: () => out,
    target: { kind, url } as Target,
    stop: async () => {
      const exited = once(proc, 'exit');
      // A profiled server must exit normally to write its profile.
      proc.kill(CPU_PROF ? 'SIGTERM' : 'SIGKILL');
      await exited;
    },
  };
}

/** Memory of a server after asking it (SIGUSR2) to collect garbage: RSS and JS heap + external, in KB. */
async function settledMemory(server: Server): Promise<{ rss: number; js: number }> {
  const seen = server.output().length;
  server.proc.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    const m = /memory (\{.*\})/.exec(server.output().slice(seen));
    if (m?.[1]) {
      const v = JSON.parse(m[1]) as { rss: number; js: number };
      return { rss: v.rss / 1024, js: v.js / 1024 };
    }
    await sleep(20);
  }
  throw new Error('the server did not report its memory');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function openAll(target: Target, rooms: string[], perRoom: number, meter: Meter): Promise<LoadConn[]> {
  const conns: LoadConn[] = [];
  const specs = rooms.flatMap((r) => Array.from({ length: perRoom }, () => r));
  for (let i = 0; i < specs.length; i += 50) {
    conns.push(...(await Promise.all(specs.slice(i, i + 50).map((r) => openConn(target, r, meter)))));
  }
  return conns;
}

/** Sends `rate` messages per second spread over `senders` for `seconds`; returns deliveries/s and latency. */
async function fixedRate(senders: LoadConn[], rate: number, seconds: number, meter: Meter) {
  meter.reset();
  const start = performance.now();
  const tickMs = 10;
  let sent = 0;
  let i = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) {
      (senders[i++ % senders.length] as LoadConn).send(newMsgId());
      sent++;
    }
    await sleep(tickMs);
  }
  await sleep(500);
  const elapsed = (performance.now() - start) / 1000;
  return { sent, deliveriesPerSec: meter.deliveries / elapsed, ...pct(meter) };
}

/** Closed loop: each sender keeps `window` messages in flight (waiting for its own echo); max throughput. */
async function saturate(senders: LoadConn[], window: number, seconds: number, meter: Meter) {
  meter.reset();
  const start = performance.now();
  const inflight = new Map<string, LoadConn>();
  const orig = meter.onDeliver.bind(meter);
  let stop = false;
  meter.onDeliver = (id) => {
    orig(id);
    const c = inflight.get(id);
    if (c && !stop) {
      inflight.delete(id);
      const next = newMsgId();
      inflight.set(next, c);
      c.send(next);
    }
  };
  for (const c of senders) {
    for (let k = 0; k < window; k++) {
      const id = newMsgId();
      inflight.set(id, c);
      c.send(id);
    }
  }
  await sleep(seconds * 1000);
  stop = true;
  const elapsed = (performance.now() - start) / 1000;
  const out = { deliveriesPerSec: meter.deliveries / elapsed, ...pct(meter) };
  meter.onDeliver = orig;
  await sleep(1000);
  return out;
}

function pct(meter: Meter) {
  const h = meter.latency;
  const ms = (p: number) => (h.count ? h.percentile(p) / 1000 : Number.NaN);
  return { p50: ms(50), p99: ms(99), p999: ms(99.9) };
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** Rounds of each measured phase; relay and bare alternate within a round (order swapped every round). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Phase = { deliveriesPerSec: number; p50: number; p99: number; p999: number };
type Kind = 'relay' | 'bare';
interface Results {
  idleKb: number;
  idleRssKb: number;
  lat10: Phase[];
  sat10: Phase[];
  lat1000: Phase[];
  sat1000: Phase[];
}

/** Runs `phase` once per kind in each round, alternating which goes first, so both see the same machine load. */
async function rounds(
  run: (kind: Kind) => Promise<{ lat: Phase; sat: Phase }>,
  into: Record<Kind, { lat: Phase[]; sat: Phase[] }>,
): Promise<void> {
  for (let r = 0; r < ROUNDS; r++) {
    const order: Kind[] = r % 2 === 0 ? ['relay', 'bare'] : ['bare', 'relay'];
    for (const kind of order) {
      const { lat, sat } = await run(kind);
      into[kind].lat.push(lat);
      into[kind].sat.push(sat);
    }
  }
}

/**
 * Both servers run for the whole benchmark (the idle one costs nothing); each phase runs against one of them
 * at a time, relay and bare alternating, so a ratio compares two runs seconds apart.
 */
async function benchmark(): Promise<Record<Kind, Results>> {
  const servers = { relay: await start('relay'), bare: await start('bare') };
  const meter = new Meter();
  await sleep(300);
  const res = {} as Record<Kind, Results>;
  const conns = {} as Record<Kind, LoadConn[]>;
  for (const kind of ['relay', 'bare'] as const) {
    const before = await settledMemory(servers[kind]);
    // 1,000 connections in rooms of 10
    const rooms10 = Array.from({ length: CONNS / 10 }, () => newMsgId());
    conns[kind] = await openAll(servers[kind].target, rooms10, 10, meter);
    await sleep(1000);
    const after = await settledMemory(servers[kind]);
    res[kind] = {
      idleKb: (after.js - before.js) / CONNS,
      idleRssKb: (after.rss - before.rss) / CONNS,
      lat10: [],
      sat10: [],
      lat1000: [],
      sat1000: [],
    };
  }
  const ten = {
    relay: { lat: res.relay.lat10, sat: res.relay.sat10 },
    bare: { lat: res.bare.lat10, sat: res.bare.sat10 },
  };
  await rounds(async (kind) => {
    const lat = await fixedRate(conns[kind], 1000, SECONDS, meter); // 1,000 msg/s → 10,000 deliveries/s
    const sat = await saturate(conns[kind], 1, SECONDS, meter);
    return { lat, sat };
  }, ten);
  for (const kind of ['relay', 'bare'] as const) for (const c of conns[kind]) c.ws.terminate();
  await sleep(500);
  // one room of 1,000
  const senders = {} as Record<Kind, LoadConn[]>;
  for (const kind of ['relay', 'bare'] as const) {
    conns[kind] = await openAll(servers[kind].target, [newMsgId()], CONNS, meter);
    senders[kind] = conns[kind].slice(0, 10);
  }
  const big = {
    relay: { lat: res.relay.lat1000, sat: res.relay.sat1000 },
    bare: { lat: res.bare.lat1000, sat: res.bare.sat1000 },
  };
  await rounds(async (kind) => {
    const lat = await fixedRate(senders[kind], 20, SECONDS, meter); // 20 msg/s → 20,000 deliveries/s
    const sat = await saturate(senders[kind], 2, SECONDS, meter);
    return { lat, sat };
  }, big);
  for (const kind of ['relay', 'bare'] as const) for (const c of conns[kind]) c.ws.terminate();
  await servers.relay.stop();
  await servers.bare.stop();
  return res;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
/** The median round of a phase (by deliveries/s). */
const mid = (phases: Phase[]): Phase => {
  const m = median(phases.map((p) => p.deliveriesPerSec));
  return phases.reduce((best, p) =>
    Math.abs(p.deliveriesPerSec - m) < Math.abs(best.deliveriesPerSec - m) ? p : best,
  );
};

console.log(
  `relay benchmark: ${CONNS} connections, ${SECONDS} s per phase, ${ROUNDS} rounds alternating relay (${STORE} store) and bare, pinned=${PIN}, node ${process.version}`,
);
const all = await benchmark();

const row = (name: string, r: Phase) =>
  `${name.padEnd(44)} ${fmt(r.deliveriesPerSec, 0).padStart(9)}/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms  p99.9 ${fmt(r.p999, 2).padStart(7)} ms`;
for (const [name, r] of [
  ['relay', all.relay],
  ['bare ws', all.bare],
] as const) {
  console.log(`\n${name} (median round)`);
  console.log(row('  rooms of 10, 1,000 msg/s (latency)', mid(r.lat10)));
  console.log(row('  rooms of 10, saturated (throughput)', mid(r.sat10)));
  console.log(row('  one room of 1,000, 20 msg/s (latency)', mid(r.lat1000)));
  console.log(row('  one room of 1,000, saturated (throughput)', mid(r.sat1000)));
  console.log(
    `  memory per idle connection: ${fmt(r.idleKb, 1)} KB JS heap + buffers (${fmt(r.idleRssKb, 1)} KB RSS, includes V8's grown young generation)`,
  );
}
const ratios = (a: Phase[], b: Phase[]) =>
  a.map((p, i) => p.deliveriesPerSec / (b[i] as Phase).deliveriesPerSec);
const show = (rs: number[]) =>
  `${fmt(median(rs), 2)} (rounds: ${rs.map((x) => fmt(x, 2)).join(', ')}; spread ${fmt(Math.min(...rs), 2)}–${fmt(Math.max(...rs), 2)})`;
console.log('\nratios (relay / bare ws, deliveries/s when saturated, per round; target ≥ 0.8)');
console.log(`  rooms of 10:    ${show(ratios(all.relay.sat10, all.bare.sat10))}`);
console.log(`  room of 1,000:  ${show(ratios(all.relay.sat1000, all.bare.sat1000))}`);
const p99s = (xs: Phase[]) => xs.map((p) => fmt(p.p99, 1)).join('/');
console.log(
  `targets: p99 ≤ 25 ms at 1,000 connections (relay, per round: ${p99s(all.relay.lat10)} ms in rooms of 10, ${p99s(all.relay.lat1000)} ms in the room of 1,000; bare: ${p99s(all.bare.lat10)} / ${p99s(all.bare.lat1000)} ms); ≤ 15 KB per idle connection (relay: ${fmt(all.relay.idleKb, 1)} KB)`,
);
