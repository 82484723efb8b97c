/**
 * Store figures on Node: sealed writes/s and reads/s for the memory store and the file store (fsync and
 * no-fsync), and the time to page through 10,000 messages of one room.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryStore, type Store } from '../../sdk/src/store/index.js';
import { openNodeFileStore } from '../../sdk/src/store/node/index.js';
import { testPassphrase } from '../../sdk/src/store/store.behavior.js';
import { benchMessage, type Figure } from './store-figures.js';

async function measure(store: Store, label: string, singles: number): Promise<Figure[]> {
  const out: Figure[] = [];
  let t = performance.now();
  for (let i = 0; i < singles; i++) await store.messages.put(benchMessage('single', i));
  out.push({
    name: `${label}: sequential single puts`,
    value: singles / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  const concurrent = 2000;
  t = performance.now();
  await Promise.all(
    Array.from({ length: concurrent }, (_, i) => store.messages.put(benchMessage('conc', i))),
  );
  out.push({
    name: `${label}: concurrent single puts (batched)`,
    value: concurrent / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  const total = 10_000;
  t = performance.now();
  for (let i = 0; i < total; i += 500) {
    await store.messages.putMany(Array.from({ length: 500 }, (_, j) => benchMessage('bulk', i + j)));
  }
  out.push({
    name: `${label}: bulk puts (500 per transaction)`,
    value: total / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  const reads = 2000;
  t = performance.now();
  for (let i = 0; i < reads; i++) await store.messages.get(benchMessage('bulk', (i * 7919) % total).msgId);
  out.push({
    name: `${label}: random gets by id`,
    value: reads / ((performance.now() - t) / 1000),
    unit: 'reads/s',
  });

  t = performance.now();
  let after: number | undefined;
  let loaded = 0;
  for (;;) {
    const page = await store.messages.page('bulk', { limit: 100, ...(after !== undefined ? { after } : {}) });
    loaded += page.messages.length;
    if (page.next === undefined) break;
    after = page.next;
  }
  if (loaded !== total) throw new Error(`paged ${loaded} messages, expected ${total}`);
  out.push({
    name: `${label}: load 10,000 messages (pages of 100)`,
    value: performance.now() - t,
    unit: 'ms',
  });
  return out;
}

/** Runs the Node store benchmarks. */
export async function benchNodeStores(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const pass = testPassphrase('bench passphrase');
  const memory = await openMemoryStore(pass);
  figures.push(...(await measure(memory, 'memory', 1000)));
  await memory.close();
  const root = await mkdtemp(join(tmpdir(), 'cryptalk-bench-'));
  try {
    for (const durability of ['fsync', 'none'] as const) {
      const store = await openNodeFileStore({
        dir: join(root, durability),
        durability,
        ...pass,
        sweepIntervalMs: 0,
      });
      figures.push(
        ...(await measure(store, `node-file (${durability})`, durability === 'fsync' ? 200 : 1000)),
      );
      await store.close();
    }
    const t = performance.now();
    const reopened = await openNodeFileStore({ dir: join(root, 'fsync'), ...pass, sweepIntervalMs: 0 });
    figures.push({
      name: 'node-file: reopen (replay ~12,300 rows)',
      value: performance.now() - t,
      unit: 'ms',
    });
    await reopened.close();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return figures;
}
