/**
 * SDK benchmarks. End to end: messages/s between two clients through a real relay on loopback (group and 1:1
 * rooms, a window of 2,000 sends in flight) and the time to load 10,000 messages of history through the
 * client. Store part: sealed writes/s and reads/s of the memory and Node file stores and of the Dexie/IndexedDB
 * store in Chromium, and the time to page through 10,000 messages. Figures only, never pass/fail. Run with
 * `npm run bench -- sdk` (`CRYPTALK_BENCH_E2E_MESSAGES`, `CRYPTALK_BENCH_E2E_ROOMS=group,direct`,
 * `CRYPTALK_BENCH_HISTORY_MESSAGES=0` to skip the history, `CRYPTALK_BENCH_SDK_PARTS=e2e,procs,store` to pick
 * parts; `procs` runs the end-to-end burst again with the relay and each client in its own process;
 * `CRYPTALK_BENCH_RELAY_SYNC=normal` runs the relay's embedded store without an fsync per COMMIT;
 * `CRYPTALK_BENCH_PROFILE=<dir>` writes a CPU profile of each measured burst, per process, into `<dir>`).
 */
import { cpus, loadavg } from 'node:os';
import { benchEndToEnd } from './e2e-node.js';
import { benchEndToEndProcesses } from './e2e-procs.js';
import { benchBrowserStore } from './store-browser.js';
import type { Figure } from './store-figures.js';
import { benchNodeStores } from './store-node.js';

/** Target of the issue: messages/s end to end. */
const E2E_TARGET = 2000;
const PARTS = (process.env.CRYPTALK_BENCH_SDK_PARTS ?? 'e2e,procs,store').split(',');

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

function print(figures: readonly Figure[]): void {
  for (const f of figures) {
    const value =
      f.unit === 'ms' ? f.value.toFixed(f.value < 10 ? 2 : 0) : Math.round(f.value).toLocaleString('en-US');
    process.stdout.write(`${f.name.padEnd(52)} ${value.padStart(10)} ${f.unit}\n`);
  }
}

const started = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(`load average ${load()} on ${cpus().length} cores (figures scale down with load)\n\n`);
if (PARTS.includes('e2e')) {
  process.stdout.write(
    `## end to end (Node, two clients + relay in one process, file stores with fsync, relay store sync=${process.env.CRYPTALK_BENCH_RELAY_SYNC === 'normal' ? 'normal' : 'full'})\n`,
  );
  const e2e = await benchEndToEnd();
  print(e2e);
  for (const f of e2e.filter((x) => x.unit === 'messages/s')) {
    process.stdout.write(
      `${f.name.split(': ')[0]} vs the ${E2E_TARGET.toLocaleString('en-US')}/s target: ${(f.value / E2E_TARGET).toFixed(3)}x\n`,
    );
  }
  process.stdout.write(`load average after: ${load()}\n\n`);
}
if (PARTS.includes('procs')) {
  process.stdout.write(
    `## end to end, one process each (relay with embedded store sync=${process.env.CRYPTALK_BENCH_RELAY_SYNC === 'normal' ? 'normal' : 'full'}, receiving client, sending client)\n`,
  );
  const procs = await benchEndToEndProcesses();
  print(procs);
  for (const f of procs.filter((x) => x.unit === 'messages/s')) {
    process.stdout.write(
      `${f.name.split(': ')[0]} (3 processes) vs the ${E2E_TARGET.toLocaleString('en-US')}/s target: ${(f.value / E2E_TARGET).toFixed(3)}x\n`,
    );
  }
  process.stdout.write(`load average after: ${load()}\n\n`);
}
if (PARTS.includes('store')) {
  process.stdout.write('## store (Node)\n');
  print(await benchNodeStores());
  process.stdout.write('\n## store (Chromium, IndexedDB via Dexie)\n');
  const web = await benchBrowserStore();
  print(web);
  process.stdout.write('\n');
  for (const [prefix, what] of [
    ['dexie: bulk', 'bulk sealed IndexedDB writes'],
    ['dexie: concurrent', 'concurrent (batched) sealed IndexedDB writes'],
  ] as const) {
    const f = web.find((x) => x.name.startsWith(prefix));
    if (f) process.stdout.write(`${what} vs the 5,000/s target: ${(f.value / 5000).toFixed(2)}x\n`);
  }
}
const used = process.cpuUsage(cpu);
process.stdout.write(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU in this process\n`,
);
