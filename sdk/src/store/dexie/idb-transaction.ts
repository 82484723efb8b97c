/**
 * One store transaction on the native IndexedDB API, over the engine's connection (Dexie keeps the schema).
 *
 * A Chromium profile of the store showed Dexie's per-call machinery (a transaction object and zone per
 * transaction, an `onerror` listener and a result read per row of a `bulkPut`) costing about as much renderer
 * time as the IndexedDB requests themselves. Rows are plain objects in plain object stores, so the engine's
 * transactions talk to `IDBTransaction` directly:
 *
 * - writes are issued at once and never awaited: IndexedDB runs the requests of a transaction in order (a later
 *   read sees them), and a failed request (no handler) aborts the whole transaction, so its commit fails, as a
 *   failed `bulkPut` did;
 * - reads are one request each (`get`, `getAll` with a count, a `prev` cursor for reversed ranges);
 * - the transaction commits when `fn` has resolved (`commit()`), and aborts when it throws.
 *
 * Object store and index names are Dexie's (`[room+offset]` for a compound index), so data written either way
 * is the same.
 *
 * @module
 */
import type { EngineTx, RangeQuery, RawRow, TableName } from '../engine.js';
import { StoreError } from '../errors.js';

const COMPOUND: Partial<Record<RangeQuery['index'], string>> = {
  'room+offset': '[room+offset]',
  'room+seq': '[room+seq]',
};

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** The key range of a query on its index (see `RangeQuery`), or undefined when it holds no key. */
function keyRange(q: RangeQuery): IDBKeyRange | undefined {
  const lo = q.lower ?? Number.NEGATIVE_INFINITY;
  const hi = q.upper ?? Number.POSITIVE_INFINITY;
  const lowerOpen = q.lowerOpen === true;
  const upperOpen = q.upperOpen === true;
  if (q.index !== 'msg' && q.index !== 'room' && (lo > hi || (lo === hi && (lowerOpen || upperOpen))))
    return undefined; // IDBKeyRange.bound refuses an empty range: it simply matches nothing
  if (COMPOUND[q.index]) {
    const p = q.prefix ?? '';
    return IDBKeyRange.bound([p, lo], [p, hi], lowerOpen, upperOpen);
  }
  if (q.index === 'msg' || q.index === 'room') return IDBKeyRange.only(q.prefix ?? '');
  return IDBKeyRange.bound(lo, hi, lowerOpen, upperOpen);
}

/** The rows of a reversed range, highest first, at most `limit`. */
function reversed(index: IDBIndex, range: IDBKeyRange, limit: number | undefined): Promise<RawRow[]> {
  return new Promise<RawRow[]>((resolve, reject) => {
    const out: RawRow[] = [];
    if (limit === 0) {
      resolve(out);
      return;
    }
    const req = index.openCursor(range, 'prev');
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) {
        resolve(out);
        return;
      }
      out.push(cursor.value as RawRow);
      if (limit !== undefined && out.length >= limit) resolve(out);
      else cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
}

/** Resolves when `trans` completes; rejects when it aborts or fails. */
function settled(trans: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    trans.oncomplete = () => resolve();
    trans.onabort = () => reject(trans.error ?? StoreError.unavailable('IndexedDB', 'transaction aborted'));
    trans.onerror = () => {}; // the abort that follows an unhandled request error settles it
  });
}

/**
 * Runs `fn` in one IndexedDB transaction over `tables` of `db` (see the module doc). Resolves with `fn`'s result
 * once the transaction has completed; rejects with `fn`'s error (after aborting) or the transaction's.
 */
export async function runIdbTransaction<R>(
  db: IDBDatabase,
  mode: 'r' | 'rw',
  tables: readonly TableName[],
  fn: (tx: EngineTx) => Promise<R>,
): Promise<R> {
  const trans = db.transaction(tables as TableName[], mode === 'rw' ? 'readwrite' : 'readonly');
  const done = settled(trans);
  const store = (t: TableName) => trans.objectStore(t);
  const tx: EngineTx = {
    get: async (t, pk) => (await request(store(t).get(pk))) as RawRow | undefined,
    put: async (t, rows) => {
      const os = store(t);
      for (const row of rows) os.put(row);
    },
    delete: async (t, pks) => {
      const os = store(t);
      for (const pk of pks) os.delete(pk);
    },
    query: async (t, q) => {
      const index = store(t).index(COMPOUND[q.index] ?? q.index);
      const range = keyRange(q);
      if (range === undefined) return [];
      if (q.reverse) return reversed(index, range, q.limit);
      return (await request(index.getAll(range, q.limit))) as RawRow[];
    },
    all: async (t) => (await request(store(t).getAll())) as RawRow[],
    count: async (t) => request(store(t).count()),
  };
  let out: R;
  try {
    out = await fn(tx);
  } catch (e) {
    await abandon(trans, done);
    throw e;
  }
  // Everything is issued: commit now rather than when the event loop finds no request pending.
  if (typeof trans.commit === 'function') {
    try {
      trans.commit();
    } catch {
      // already committing (no request was pending) or aborted: `done` says which
    }
  }
  await done;
  return out;
}

/** One record to write with {@link writeRecords}: `add` fails (and aborts the write) when the key exists. */
export interface RecordWrite {
  /** Object store name. */
  readonly store: string;
  /** The record (the object store's key path names its key). */
  readonly value: unknown;
  /** Insert only, never replace. @default false */
  readonly add?: boolean;
}

/** Aborts `trans` unless it already finished, and waits until it has settled (its failure is the caller's). */
async function abandon(trans: IDBTransaction, done: Promise<void>): Promise<void> {
  try {
    trans.abort();
  } catch {
    // already finished or aborted: nothing to undo
  }
  await done.catch(() => {});
}

/**
 * The values of `reads` in `trans`, in order, `undefined` where a key is absent. One promise for all the
 * requests, so a request that fails (or one that cannot be issued) leaves no other promise rejected unseen.
 */
function getRecords(
  trans: IDBTransaction,
  reads: readonly (readonly [string, string])[],
): Promise<unknown[]> {
  return new Promise<unknown[]>((resolve, reject) => {
    const values: unknown[] = new Array(reads.length);
    let left = reads.length;
    if (left === 0) resolve(values);
    reads.forEach(([store, key], i) => {
      const req = trans.objectStore(store).get(key);
      req.onsuccess = () => {
        values[i] = req.result;
        if (--left === 0) resolve(values);
      };
      req.onerror = () => reject(req.error);
    });
  });
}

/**
 * Reads records by key in ONE read-only transaction (the store's startup reads: metadata and device key).
 * A failed read aborts the transaction and rejects with the read's error.
 * @returns the values in the order of `reads`, `undefined` where a key is absent.
 */
export async function readRecords(
  db: IDBDatabase,
  reads: readonly (readonly [store: string, key: string])[],
): Promise<unknown[]> {
  const trans = db.transaction([...new Set(reads.map(([s]) => s))], 'readonly');
  const done = settled(trans);
  try {
    const values = await getRecords(trans, reads);
    await done;
    return values;
  } catch (e) {
    await abandon(trans, done);
    throw e;
  }
}

/** Writes records in ONE read-write transaction: all or none. Resolves once it committed. */
export async function writeRecords(db: IDBDatabase, writes: readonly RecordWrite[]): Promise<void> {
  const trans = db.transaction([...new Set(writes.map((w) => w.store))], 'readwrite');
  const done = settled(trans);
  try {
    for (const w of writes) {
      const os = trans.objectStore(w.store);
      if (w.add) os.add(w.value);
      else os.put(w.value);
    }
  } catch (e) {
    // a write that could not be issued (a bad key): the ones before it must not commit
    await abandon(trans, done);
    throw e;
  }
  trans.commit?.();
  await done;
}
