/**
 * Browser half of the store benchmark, bundled by esbuild and run in Chromium: sealed IndexedDB (Dexie)
 * writes/s and reads/s, and paging 10,000 messages. Exposes `window.runStoreBench()`.
 */

import { SecretKey } from '../../sdk/src/crypto/secret.js';
import { DexieEngine, openDexieStore } from '../../sdk/src/store/dexie/index.js';
import { RecordSealer } from '../../sdk/src/store/record-sealer.js';
import { testPassphrase } from '../../sdk/src/store/store.behavior.js';
import { Codec } from '../../sdk/src/store/store-scope.js';
import { benchMessage, type Figure } from './store-figures.js';

/**
 * CPU cost of sealing alone (blind indexes, JSON, XChaCha20-Poly1305) as the store seals a message row (the
 * scope's codec: record text encoded into the sealer's reused buffer), without IndexedDB.
 */
function sealOnly(count: number): Figure {
  const sealer = new RecordSealer(SecretKey.random(32));
  const codec = new Codec(sealer);
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    const m = benchMessage('seal', i);
    const cols = {
      room: sealer.blind('room', m.roomId),
      msg: sealer.blind('msg', m.msgId),
      offset: i,
      ts: m.sentAt,
    };
    codec.seal('messages', sealer.blind('msg', m.msgId), cols, m);
  }
  const value = count / ((performance.now() - t) / 1000);
  sealer.destroy();
  return { name: 'seal only (no IndexedDB)', value, unit: 'records/s' };
}

/** CPU cost of opening (authenticating, decrypting, decoding) message rows alone, without IndexedDB. */
function openOnly(count: number): Figure {
  const sealer = new RecordSealer(SecretKey.random(32));
  const codec = new Codec(sealer);
  const room = sealer.blind('room', 'open');
  const rows = Array.from({ length: count }, (_, i) => {
    const m = benchMessage('open', i);
    const msg = sealer.blind('msg', m.msgId);
    return codec.seal('messages', msg, { room, msg, offset: i, ts: m.sentAt }, m);
  });
  const t = performance.now();
  for (const row of rows) codec.open('messages', row);
  const value = count / ((performance.now() - t) / 1000);
  sealer.destroy();
  return { name: 'open only (no IndexedDB)', value, unit: 'records/s' };
}

async function run(): Promise<Figure[]> {
  const name = `bench-${Date.now()}`;
  const store = await openDexieStore({ name, ...testPassphrase('bench'), sweepIntervalMs: 0 });
  const out: Figure[] = [sealOnly(5000), openOnly(5000)];
  const singles = 300;
  let t = performance.now();
  for (let i = 0; i < singles; i++) await store.messages.put(benchMessage('single', i));
  out.push({
    name: 'dexie: sequential single puts',
    value: singles / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  // Single puts issued together (callers that do not await each other, like the client's rooms and outbox):
  // the store batches them into shared transactions.
  const concurrent = 2000;
  t = performance.now();
  await Promise.all(
    Array.from({ length: concurrent }, (_, i) => store.messages.put(benchMessage('conc', i))),
  );
  out.push({
    name: 'dexie: concurrent single puts (batched)',
    value: concurrent / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  const total = 10_000;
  t = performance.now();
  for (let i = 0; i < total; i += 1000) {
    await store.messages.putMany(Array.from({ length: 1000 }, (_, j) => benchMessage('bulk', i + j)));
  }
  out.push({
    name: 'dexie: bulk puts (1000 per transaction)',
    value: total / ((performance.now() - t) / 1000),
    unit: 'writes/s',
  });

  const reads = 1000;
  t = performance.now();
  for (let i = 0; i < reads; i++) await store.messages.get(benchMessage('bulk', (i * 7919) % total).msgId);
  out.push({
    name: 'dexie: random gets by id',
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
  const pagingMs = performance.now() - t;
  out.push({ name: 'dexie: load 10,000 messages (pages of 100)', value: pagingMs, unit: 'ms' });
  out.push({ name: 'dexie: paged reads', value: total / (pagingMs / 1000), unit: 'reads/s' });
  await store.close();
  await DexieEngine.delete(name);
  return out;
}

(globalThis as unknown as { runStoreBench: () => Promise<Figure[]> }).runStoreBench = run;
