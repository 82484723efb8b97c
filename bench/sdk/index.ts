/**
 * SDK benchmarks. Store part: sealed writes/s and reads/s of the memory and Node file stores and of the
 * Dexie/IndexedDB store in Chromium, and the time to page through 10,000 messages. Figures only, never
 * pass/fail. Run with `npm run bench -- sdk`.
 */
import { cpus, loadavg } from 'node:os';
import { benchBrowserStore } from './store-browser.js';
import type { Figure } from './store-figures.js';
import { benchNodeStores } from './store-node.js';

function print(figures: readonly Figure[]): void {
  for (const f of figures) {
    const value = f.unit === 'ms' ? f.value.toFixed(0) : Math.round(f.value).toLocaleString('en-US');
    process.stdout.write(`${f.name.padEnd(52)} ${value.padStart(10)} ${f.unit}\n`);
  }
}

const started = performance.now();
const cpu = process.cpuUsage();
process.stdout.write(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores (figures scale down with load)\n\n`,
);
process.stdout.write('## store (Node)\n');
print(await benchNodeStores());
process.stdout.write('\n## store (Chromium, IndexedDB via Dexie)\n');
const web = await benchBrowserStore();
print(web);
const bulk = web.find((f) => f.name.startsWith('dexie: bulk'));
if (bulk)
  process.stdout.write(
    `\nbulk sealed IndexedDB writes vs the 5,000/s target: ${(bulk.value / 5000).toFixed(2)}x\n`,
  );
const used = process.cpuUsage(cpu);
process.stdout.write(
  `\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU in this process\n`,
);
