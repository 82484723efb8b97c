import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { StoreError } from './errors.js';
import { createMemoryEngineData, MemoryEngine, type MemoryEngineData } from './memory-engine.js';
import { openMemoryStore } from './memory-store.js';
import { FileEngine, openNodeFileStore } from './node/index.js';
import { storeBehaviorSuite, testPassphrase, uniqueName } from './store.behavior.js';

const nodeAssert = {
  ok: (v: unknown, m?: string) => assert.ok(v, m),
  deepEqual: (a: unknown, b: unknown, m?: string) => assert.deepStrictEqual(a, b, m),
};

describe('memory store', () => {
  const dbs = new Map<string, MemoryEngineData>();
  storeBehaviorSuite(
    {
      async engine(name) {
        let data = dbs.get(name);
        if (!data) {
          data = createMemoryEngineData();
          dbs.set(name, data);
        }
        return new MemoryEngine(data);
      },
    },
    test,
    nodeAssert,
  );

  test('openMemoryStore works without a key source', async () => {
    const s = await openMemoryStore();
    await s.kv.set('a', 1);
    assert.equal(await s.kv.get('a'), 1);
    assert.equal(s.kind, 'memory');
    await s.close();
  });
});

describe('node file store', async () => {
  const root = await mkdtemp(join(tmpdir(), 'cryptalk-store-'));
  after(() => rm(root, { recursive: true, force: true }));
  storeBehaviorSuite({ engine: (name) => FileEngine.open({ dir: join(root, name) }) }, test, nodeAssert);

  test('locks the folder against a second open', async () => {
    const dir = join(root, uniqueName('lock'));
    const s = await openNodeFileStore({ dir, ...testPassphrase('p') });
    await assert.rejects(openNodeFileStore({ dir, ...testPassphrase('p') }), { code: 'STORE_LOCKED' });
    await s.close();
    await writeFile(join(dir, 'LOCK'), '999999999');
    const again = await openNodeFileStore({ dir, ...testPassphrase('p') });
    await again.close();
  });

  test('cuts a torn log tail and keeps every committed transaction', async () => {
    const dir = join(root, uniqueName('torn'));
    const s = await openNodeFileStore({ dir, ...testPassphrase('p') });
    for (let i = 0; i < 5; i++) await s.kv.set(`k${i}`, i);
    await s.close();
    const log = await readFile(join(dir, 'store.log'));
    await writeFile(join(dir, 'store.log'), Buffer.concat([log, Buffer.from([0, 0, 1, 0, 9, 9])]));
    const again = await openNodeFileStore({ dir, ...testPassphrase('p') });
    assert.deepEqual(await Promise.all([0, 1, 2, 3, 4].map((i) => again.kv.get(`k${i}`))), [0, 1, 2, 3, 4]);
    await again.kv.set('after', true);
    await again.close();
    const third = await openNodeFileStore({ dir, ...testPassphrase('p') });
    assert.equal(await third.kv.get('after'), true);
    await third.close();
  });

  test('a corrupt frame before the end of the log is an error, not a silent truncation', async () => {
    const dir = join(root, uniqueName('corrupt'));
    const s = await openNodeFileStore({ dir, ...testPassphrase('p') });
    for (let i = 0; i < 3; i++) await s.kv.set(`k${i}`, i);
    await s.close();
    const log = await readFile(join(dir, 'store.log'));
    log[12] = (log[12] as number) ^ 0xff; // inside the first frame's payload
    await writeFile(join(dir, 'store.log'), log);
    await assert.rejects(openNodeFileStore({ dir, ...testPassphrase('p') }), { code: 'STORE_CORRUPT' });
    assert.deepEqual((await readFile(join(dir, 'store.log'))).length, log.length, 'nothing was cut');
  });

  test('compacts the log and keeps the data', async () => {
    const dir = join(root, uniqueName('compact'));
    const engine = await FileEngine.open({ dir, compactMinBytes: 10_000, durability: 'none' });
    const { openSealedStore } = await import('./sealed-store.js');
    const s = await openSealedStore(engine, { ...testPassphrase('p'), sweepIntervalMs: 0 });
    for (let i = 0; i < 300; i++) await s.kv.set('same-key', `value ${i} ${'x'.repeat(100)}`);
    await engine.compact();
    assert.ok(engine.logBytes < 5_000, `log is ${engine.logBytes} bytes after compaction`);
    await s.close();
    const again = await openNodeFileStore({ dir, ...testPassphrase('p') });
    assert.match(String(await again.kv.get('same-key')), /^value 299 /);
    await again.close();
    assert.deepEqual((await readdir(dir)).sort(), ['meta.json', 'store.log']);
  });

  test('concurrent writers share fsyncs and all land', async () => {
    const dir = join(root, uniqueName('group'));
    const s = await openNodeFileStore({ dir, ...testPassphrase('p') });
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.kv.set(`k${i}`, i)));
    await s.close();
    const again = await openNodeFileStore({ dir, ...testPassphrase('p') });
    assert.equal(await again.kv.get('k199'), 199);
    await again.close();
  });
});

test('StoreError codes are documented in docs/errors.md and vice versa', async () => {
  const { STORE_ERROR_CODES } = await import('./errors.js');
  const doc = await readFile(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const section = doc.split('## Store')[1]?.split('\n## ')[0] ?? '';
  const documented = [...section.matchAll(/`(STORE_[A-Z_]+)`/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(documented)].sort(), [...STORE_ERROR_CODES].sort());
  assert.ok(new StoreError('STORE_CLOSED', 'x') instanceof Error);
});

test('key sources: weak KDF refused, raw keys checked, passphrase source needs allowWeakKdf to reopen weak stores', async () => {
  await assert.rejects(openMemoryStore({ passphrase: 'p', kdf: { kind: 'scrypt', N: 1024, r: 8, p: 1 } }), {
    code: 'STORE_WEAK_KDF',
  });
  const data = createMemoryEngineData();
  const raw = new Uint8Array(32).fill(9);
  const s = await openMemoryStore({ data, rawKey: raw });
  await s.kv.set('k', 'v');
  await s.close();
  await assert.rejects(openMemoryStore({ data, rawKey: new Uint8Array(32) }), { code: 'STORE_WRONG_KEY' });
  const again = await openMemoryStore({ data, rawKey: raw });
  assert.equal(await again.kv.get('k'), 'v');
  await again.close();
  const weak = createMemoryEngineData();
  await (await openMemoryStore({ data: weak, ...testPassphrase('p') })).close();
  await assert.rejects(openMemoryStore({ data: weak, passphrase: 'p' }), { code: 'STORE_WEAK_KDF' });
});

test('close() lets queued operations finish before the keys are zeroed', async () => {
  const s = await openMemoryStore();
  await s.kv.set('k', 'v');
  const reads = Array.from({ length: 50 }, () => s.kv.get('k'));
  await s.close();
  assert.deepEqual(await Promise.all(reads), Array(50).fill('v'));
  await assert.rejects(s.kv.get('k'), { code: 'STORE_CLOSED' });
});

test('the sweep timer deletes expired messages on its own', async () => {
  const s = await openMemoryStore({ sweepIntervalMs: 20 });
  await s.messages.put({
    roomId: 'r',
    msgId: 'gone',
    offset: 1,
    sender: 's',
    text: 't',
    sentAt: 1,
    expiresAt: 2,
  });
  await s.messages.put({ roomId: 'r', msgId: 'kept', offset: 2, sender: 's', text: 't', sentAt: 1 });
  for (let i = 0; i < 200 && (await s.messages.count()) > 1; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(
    (await s.messages.page('r')).messages.map((m) => m.msgId),
    ['kept'],
  );
  await s.close();
});
