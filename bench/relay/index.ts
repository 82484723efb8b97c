/**
 * Relay benchmark: deliveries/s and latency (p50/p99/p99.9) for 1,000 connections in rooms of 10 and for one
 * room of 1,000, memory per idle connection, and the same load against a bare `ws` broadcast server, reported
 * as a ratio. Servers run in child processes pinned to CPU 0 (when `taskset` exists); the load generator runs
 * here, pinned to CPU 1. Prints figures; asserts nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadConn, Meter, newMsgId, openConn, type Target } from './load.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const PIN = spawnSync('taskset', ['-V']).status === 0 && cpus().length >= 2;
const CONNS = Number(process.env.BENCH_CONNS ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

if (PIN) spawnSync('taskset', ['-pc', '1', String(process.pid)]);

interface Server {
  proc: ChildProcess;
  output(): string;
  target: Target;
  stop(): Promise<void>;
}

async function start(kind: 'relay' | 'bare'): Promise<Server> {
  const node = [process.execPath, '--expose-gc', '--conditions=source', '--import', 'tsx'];
  const script =
    kind === 'relay'
      ? [
          join(ROOT, 'relay/src/cli.ts'),
          '--port',
          '0',
          '--store',
          'memory',
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
      proc.kill('SIGKILL');
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

async function scenario(kind: 'relay' | 'bare') {
  const server = await start(kind);
  const meter = new Meter();
  await sleep(300);
  const before = await settledMemory(server);
  // 1,000 connections in rooms of 10
  const rooms10 = Array.from({ length: CONNS / 10 }, () => newMsgId());
  const conns = await openAll(server.target, rooms10, 10, meter);
  await sleep(1000);
  const after = await settledMemory(server);
  const idleKb = (after.js - before.js) / conns.length;
  const idleRssKb = (after.rss - before.rss) / conns.length;
  const lat10 = await fixedRate(conns, 1000, SECONDS, meter); // 1,000 msg/s → 10,000 deliveries/s
  const sat10 = await saturate(conns, 1, SECONDS, meter);
  for (const c of conns) c.ws.terminate();
  await sleep(500);
  // one room of 1,000
  const big = newMsgId();
  const members = await openAll(server.target, [big], CONNS, meter);
  const senders = members.slice(0, 10);
  const lat1000 = await fixedRate(senders, 20, SECONDS, meter); // 20 msg/s → 20,000 deliveries/s
  const sat1000 = await saturate(senders, 2, SECONDS, meter);
  for (const c of members) c.ws.terminate();
  await server.stop();
  return { idleKb, idleRssKb, lat10, sat10, lat1000, sat1000 };
}

console.log(
  `relay benchmark: ${CONNS} connections, ${SECONDS} s per phase, pinned=${PIN}, node ${process.version}`,
);
const relay = await scenario('relay');
const bare = await scenario('bare');

const row = (name: string, r: { deliveriesPerSec: number; p50: number; p99: number; p999: number }) =>
  `${name.padEnd(44)} ${fmt(r.deliveriesPerSec, 0).padStart(9)}/s  p50 ${fmt(r.p50, 2).padStart(7)} ms  p99 ${fmt(r.p99, 2).padStart(7)} ms  p99.9 ${fmt(r.p999, 2).padStart(7)} ms`;
for (const [name, r] of [
  ['relay', relay],
  ['bare ws', bare],
] as const) {
  console.log(`\n${name}`);
  console.log(row('  rooms of 10, 1,000 msg/s (latency)', r.lat10));
  console.log(row('  rooms of 10, saturated (throughput)', r.sat10));
  console.log(row('  one room of 1,000, 20 msg/s (latency)', r.lat1000));
  console.log(row('  one room of 1,000, saturated (throughput)', r.sat1000));
  console.log(
    `  memory per idle connection: ${fmt(r.idleKb, 1)} KB JS heap + buffers (${fmt(r.idleRssKb, 1)} KB RSS, includes V8's grown young generation)`,
  );
}
console.log('\nratios (relay / bare ws, deliveries/s when saturated; target ≥ 0.8)');
console.log(`  rooms of 10:    ${fmt(relay.sat10.deliveriesPerSec / bare.sat10.deliveriesPerSec, 2)}`);
console.log(`  room of 1,000:  ${fmt(relay.sat1000.deliveriesPerSec / bare.sat1000.deliveriesPerSec, 2)}`);
console.log(
  `targets: p99 ≤ 25 ms at 1,000 connections (relay: ${fmt(relay.lat10.p99, 2)} ms in rooms of 10, ${fmt(relay.lat1000.p99, 2)} ms in the room of 1,000); ≤ 15 KB per idle connection (relay: ${fmt(relay.idleKb, 1)} KB)`,
);
