import { expect } from '@open-wc/testing';
import { Dexie } from 'dexie/dist/modern/dexie.mjs';
import { generateWrappingCryptoKey } from '../../crypto/at-rest/index.js';
import type { StoreMeta } from '../engine.js';
import { StoreError } from '../errors.js';
import { storeBehaviorSuite, testPassphrase, uniqueName } from '../store.behavior.js';
import { DexieEngine } from './dexie-engine.js';
import { openDexieStore } from './dexie-store.js';
import { readRecords, writeRecords } from './idb-transaction.js';
import { SCHEMA_V1 } from './schema.js';
import type { SuiteResult } from './suite-runner.js';

/** Every key and value of every object store of an IndexedDB database, read with the native API, as text. */
async function rawIndexedDbText(name: string): Promise<string> {
  const db = await new Promise<IDBDatabase>((ok, fail) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  const parts: string[] = [];
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder();
  const flatten = (v: unknown): void => {
    if (v instanceof Uint8Array) {
      parts.push(utf8.decode(v), latin1.decode(v));
    } else if (Array.isArray(v)) {
      v.forEach(flatten);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        parts.push(k);
        flatten(x);
      }
    } else {
      parts.push(String(v));
    }
  };
  for (const storeName of [...db.objectStoreNames]) {
    await new Promise<void>((ok, fail) => {
      const req = db.transaction(storeName, 'readonly').objectStore(storeName).openCursor();
      req.onsuccess = () => {
        const cursor = req.result;
        if (!cursor) return ok();
        flatten(cursor.primaryKey);
        flatten(cursor.key);
        flatten(cursor.value);
        cursor.continue();
      };
      req.onerror = () => fail(req.error);
    });
  }
  db.close();
  return parts.join('\n');
}

function runInWorker<T>(message: unknown): Promise<T> {
  const worker = new Worker(new URL('./store.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<T>((ok, fail) => {
    worker.onmessage = (e) => {
      worker.terminate();
      ok(e.data as T);
    };
    worker.onerror = (e) => {
      worker.terminate();
      fail(new Error(`worker failed: ${e.message}`));
    };
    worker.postMessage(message);
  });
}

describe('Dexie store: shared behaviour', function () {
  this.timeout(30_000); // a loaded CI machine: IndexedDB and scrypt get slow
  storeBehaviorSuite({ engine: (name) => DexieEngine.open(name) }, (name, fn) => it(name, fn), {
    ok: (v, m) => expect(v, m).to.be.ok,
    deepEqual: (a, b, m) => expect(a, m).to.deep.equal(b),
  });
});

describe('Dexie store in Chromium', function () {
  this.timeout(30_000);
  const pass = testPassphrase('a long passphrase for the browser');

  it('holds no plaintext in IndexedDB (read with the native API)', async () => {
    const name = uniqueName('raw');
    const store = await openDexieStore({ name, ...pass, sweepIntervalMs: 0 });
    const secrets = [
      'The eagle lands at noon',
      'Zoë Ångström',
      'room-secret-42',
      'msgid-0xC0FFEE',
      'kv-secret-key',
    ];
    await store.identity.put({
      id: 'device',
      keys: { x: new Uint8Array(32) },
      displayName: 'Zoë Ångström',
      createdAt: 1,
    });
    await store.rooms.put({ id: 'room-secret-42', name: 'The eagle lands at noon', joinedAt: 1 });
    await store.messages.put({
      roomId: 'room-secret-42',
      msgId: 'msgid-0xC0FFEE',
      offset: 1,
      sender: 'Zoë Ångström',
      text: 'The eagle lands at noon',
      sentAt: 1,
    });
    await store.kv.set('kv-secret-key', 'The eagle lands at noon');
    await store.close();
    const text = await rawIndexedDbText(name);
    expect(text.length).to.be.greaterThan(500);
    for (const s of secrets) expect(text.includes(s), `plaintext "${s}" found in IndexedDB`).to.equal(false);
    await DexieEngine.delete(name);
  });

  it('survives a reopen on a new Dexie instance; a wrong passphrase is a typed error', async () => {
    const name = uniqueName('reload');
    const first = await openDexieStore({ name, ...pass, sweepIntervalMs: 0 });
    await first.messages.put({
      roomId: 'r',
      msgId: 'm',
      offset: 7,
      sender: 's',
      text: 'still here',
      sentAt: 1,
    });
    await first.close();
    const err = await openDexieStore({ name, ...testPassphrase('nope'), sweepIntervalMs: 0 }).catch((e) => e);
    expect(err).to.be.instanceOf(StoreError);
    expect((err as StoreError).code).to.equal('STORE_WRONG_PASSPHRASE');
    const again = await openDexieStore({ name, ...pass, sweepIntervalMs: 0 });
    expect((await again.messages.page('r')).messages.map((m) => m.text)).to.deep.equal(['still here']);
    await again.close();
    await DexieEngine.delete(name);
  });

  it('can use a non-extractable device key instead of a passphrase', async () => {
    const name = uniqueName('device');
    const first = await openDexieStore({ name, deviceKey: true, sweepIntervalMs: 0 });
    await first.kv.set('x', 'y');
    await first.close();
    const again = await openDexieStore({ name, deviceKey: true, sweepIntervalMs: 0 });
    expect(await again.kv.get('x')).to.equal('y');
    await again.close();
    await DexieEngine.delete(name);
  });

  it('stores a new device key with the first metadata, and reopens stores whose key Dexie wrote first', async () => {
    const name = uniqueName('device-one-tx');
    const first = await openDexieStore({ name, deviceKey: true, sweepIntervalMs: 0 });
    await first.kv.set('x', 'y');
    await first.close();
    const raw = await rawIndexedDbText(name);
    expect(raw).to.contain('device').and.to.contain('cryptalk-store');
    // the layout of earlier builds: key added through Dexie's table API, then the store opened over it
    const old = uniqueName('device-old');
    await (await DexieEngine.open(old)).close();
    const db = new Dexie(old);
    db.version(2).stores({ meta: 'id', keys: 'id' });
    await db.open();
    await db.table('keys').add({ id: 'device', key: await generateWrappingCryptoKey() });
    db.close();
    const s = await openDexieStore({ name: old, deviceKey: true, sweepIntervalMs: 0 });
    await s.kv.set('a', 1);
    await s.close();
    const again = await openDexieStore({ name: old, deviceKey: true, sweepIntervalMs: 0 });
    expect(await again.kv.get('a')).to.equal(1);
    await again.close();
    await DexieEngine.delete(name);
    await DexieEngine.delete(old);
  });

  it('behaves the same inside a dedicated Worker, and shares data with the page', async function () {
    this.timeout(90_000);
    const suite = await runInWorker<{ ok: boolean; results: SuiteResult[] }>({ cmd: 'suite' });
    expect(suite.ok).to.equal(true);
    expect(suite.results.length).to.be.greaterThan(10);
    expect(suite.results.filter((r) => !r.ok)).to.deep.equal([]);
    const name = uniqueName('worker');
    expect(
      await runInWorker({ cmd: 'write', name, passphrase: 'pw', text: 'from the worker' }),
    ).to.deep.equal({
      ok: true,
    });
    const page = await openDexieStore({ name, ...testPassphrase('pw'), sweepIntervalMs: 0 });
    expect((await page.messages.get('w1'))?.text).to.equal('from the worker');
    await page.close();
    expect(await runInWorker({ cmd: 'read', name, passphrase: 'bad' })).to.deep.equal({
      ok: false,
      code: 'STORE_WRONG_PASSPHRASE',
    });
    await DexieEngine.delete(name);
  });
});

/** The names of the databases of this origin, with their native versions. */
async function databases(): Promise<Map<string, number | undefined>> {
  return new Map((await indexedDB.databases()).map((d) => [d.name ?? '', d.version]));
}

/** Opens `name` with the native API (no version: the database as it is). */
function openNative(name: string): Promise<IDBDatabase> {
  return new Promise<IDBDatabase>((ok, fail) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
}

/** The index names of the `messages` object store of `name`. */
async function messageIndexes(name: string): Promise<string[]> {
  const db = await openNative(name);
  const names = [...db.transaction('messages').objectStore('messages').indexNames];
  db.close();
  return names;
}

describe('Dexie engine: the schema, and when Dexie is needed', function () {
  this.timeout(30_000);

  it('creates a new database at schema version 2 (native version 20) with every store and index', async () => {
    const name = uniqueName('create');
    expect((await databases()).has(name)).to.equal(false);
    const engine = await DexieEngine.open(name);
    await engine.close();
    expect((await databases()).get(name)).to.equal(20);
    const db = await openNative(name);
    expect([...db.objectStoreNames].sort()).to.deep.equal(Object.keys(SCHEMA_V1).sort());
    db.close();
    expect((await messageIndexes(name)).sort()).to.deep.equal(['[room+offset]', 'exp', 'ts']);
    await DexieEngine.delete(name);
    expect((await databases()).has(name)).to.equal(false);
  });

  it('upgrades a version 1 database written by an earlier build, keeping its rows', async () => {
    const name = uniqueName('upgrade');
    const old = new Dexie(name);
    old.version(1).stores(SCHEMA_V1);
    await old.open();
    await old.table('kv').put({ pk: 'kept', body: new Uint8Array([7]) });
    old.close();
    expect(await messageIndexes(name)).to.include('msg');
    const engine = await DexieEngine.open(name);
    const row = await engine.run('r', (tx) => tx.get('kv', 'kept'));
    expect(row?.body).to.deep.equal(new Uint8Array([7]));
    await engine.close();
    expect((await databases()).get(name)).to.equal(20);
    expect(await messageIndexes(name)).not.to.include('msg');
    await DexieEngine.delete(name);
  });

  it('loads Dexie only to create or upgrade a database: an open at the current schema uses the native API alone', async () => {
    const name = uniqueName('lazy');
    type Opened = { ok: boolean; fetched: string[] };
    const created = await runInWorker<Opened>({ cmd: 'open', name });
    expect(created.ok).to.equal(true);
    expect(created.fetched.some((p) => p.endsWith('/dexie-schema.ts'))).to.equal(true);
    expect(created.fetched.some((p) => p.endsWith('/dexie.mjs'))).to.equal(true);
    const reopened = await runInWorker<Opened>({ cmd: 'open', name });
    expect(reopened).to.deep.equal({ ok: true, fetched: [] });
    await DexieEngine.delete(name);
  });

  it('a database a later build upgraded (a higher version, more stores and indexes) opens without Dexie', async () => {
    const name = uniqueName('later');
    await (await DexieEngine.open(name)).close();
    // what a later schema might add: a store and an index, at native version 30
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name, 30);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('later', { keyPath: 'pk' });
        req.transaction?.objectStore('messages').createIndex('later', 'later');
      };
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    const opened = await runInWorker<{ ok: boolean; fetched: string[] }>({ cmd: 'open', name });
    expect(opened).to.deep.equal({ ok: true, fetched: [] });
    expect((await databases()).get(name)).to.equal(30);
    await DexieEngine.delete(name);
  });

  it('lets another tab upgrade or delete the database: the connection closes, later calls are STORE_CLOSED', async () => {
    const name = uniqueName('versionchange');
    const engine = await DexieEngine.open(name);
    await DexieEngine.delete(name); // would wait for ever if the engine kept its connection
    const err = await engine.readMeta().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as StoreError | undefined)?.code).to.equal('STORE_CLOSED');
    await engine.close(); // closing twice is harmless
  });

  it('a database of the right version whose schema differs is given to Dexie, which adds what is missing', async () => {
    const name = uniqueName('patched');
    await (await DexieEngine.open(name)).close();
    // drop an index behind Dexie's back, keeping the version
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name, 21);
      req.onupgradeneeded = () => req.transaction?.objectStore('messages').deleteIndex('ts');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    const engine = await DexieEngine.open(name);
    await engine.run('r', (tx) => tx.query('messages', { index: 'ts' }));
    await engine.close();
    expect(await messageIndexes(name)).to.include('ts');
    await DexieEngine.delete(name);
  });
});

describe('Dexie engine errors', function () {
  this.timeout(30_000);
  const meta: StoreMeta = {
    format: 'cryptalk-store',
    schemaVersion: 1,
    keyHeader: { kind: 'raw', wrapped: '' },
  };

  it('every read (and write) after close() is a STORE_CLOSED StoreError, not a TypeError', async () => {
    const name = uniqueName('closed');
    // a fresh engine (its startup read not issued yet) and one whose startup values were used
    for (const warm of [false, true]) {
      const engine = await DexieEngine.open(name);
      if (warm) {
        await engine.readMeta();
        await engine.deviceKey();
      }
      await engine.close();
      const calls: Array<[string, () => Promise<unknown>]> = [
        ['readMeta', () => engine.readMeta()],
        ['deviceKey', () => engine.deviceKey()],
        ['run r', () => engine.run('r', (tx) => tx.get('kv', 'x'))],
        ['run r (query)', () => engine.run('r', (tx) => tx.query('messages', { index: 'ts' }))],
        ['writeMeta', () => engine.writeMeta(meta)],
        ['run rw', () => engine.run('rw', (tx) => tx.delete('kv', ['x']))],
      ];
      for (const [what, call] of calls) {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        const id = `${what} (${warm ? 'warm' : 'fresh'})`;
        expect(err, id).to.be.instanceOf(StoreError);
        expect((err as StoreError).code, id).to.equal('STORE_CLOSED');
      }
    }
    await DexieEngine.delete(name);
  });

  it('a read that fails rejects its caller and leaves no rejection unhandled', async () => {
    const name = uniqueName('failing-read');
    const unhandled: unknown[] = [];
    const onUnhandled = (e: PromiseRejectionEvent) => {
      unhandled.push(e.reason);
      e.preventDefault();
    };
    window.addEventListener('unhandledrejection', onUnhandled);
    // the transaction of the next read aborts once its requests are issued: each of them fails, and the
    // transaction too
    const get = IDBObjectStore.prototype.get;
    let failNext = false;
    IDBObjectStore.prototype.get = function (this: IDBObjectStore, key: IDBValidKey | IDBKeyRange) {
      const req = get.call(this, key);
      if (failNext) {
        failNext = false;
        const trans = this.transaction;
        queueMicrotask(() => trans.abort());
      }
      return req;
    };
    try {
      const engine = await DexieEngine.open(name);
      // [what, call, whether it issues a read of its own]
      const reads: Array<[string, () => Promise<unknown>, boolean]> = [
        ['readMeta (the startup read)', () => engine.readMeta(), true],
        ['deviceKey (the failed startup read)', () => engine.deviceKey(), false],
        ['readMeta', () => engine.readMeta(), true],
        ['deviceKey', () => engine.deviceKey(), true],
        ['run r', () => engine.run('r', (tx) => tx.get('kv', 'x')), true],
      ];
      for (const [what, read, issuesRead] of reads) {
        failNext = issuesRead;
        const outcome = await read().then(
          () => 'resolved',
          () => 'rejected',
        );
        expect(outcome, what).to.equal('rejected');
        expect(failNext, `${what} issued its read`).to.equal(false);
      }
      // the engine still reads; a rejection left unhandled is reported in a task queued at the end of the
      // microtasks that left it so: these IndexedDB reads and one more task come after all of them
      expect(await engine.readMeta()).to.equal(undefined);
      await engine.run('r', (tx) => tx.get('kv', 'x'));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled.map(String)).to.deep.equal([]);
      await engine.close();
    } finally {
      IDBObjectStore.prototype.get = get;
      window.removeEventListener('unhandledrejection', onUnhandled);
    }
    await DexieEngine.delete(name);
  });
  it('a batch of records whose second write cannot be issued writes none of them', async () => {
    const name = uniqueName('write-none');
    await (await DexieEngine.open(name)).close();
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const err = await writeRecords(db, [
      { store: 'kv', value: { pk: 'a', body: new Uint8Array(1) } },
      { store: 'kv', value: { pk: 'b', body: () => 0 } }, // a function cannot be cloned: put throws
    ]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as DOMException | undefined)?.name).to.equal('DataCloneError');
    expect(await readRecords(db, [['kv', 'a']])).to.deep.equal([undefined]);
    db.close();
    await DexieEngine.delete(name);
  });
});
