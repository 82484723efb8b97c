/**
 * An in-memory {@link StorageEngine}: tables are maps of sealed rows, indexes are sorted arrays rebuilt lazily
 * after writes, transactions are serialized by a queue and rolled back from an undo log. The Node file engine
 * persists the same state through {@link MemoryEngine.onCommit}.
 *
 * @module
 */
import type {
  EngineTx,
  IndexName,
  RangeQuery,
  RawRow,
  StorageEngine,
  StoreMeta,
  TableName,
} from './engine.js';
import { TABLE_NAMES } from './engine.js';
import { StoreError } from './errors.js';

/** One write of a committed transaction, in order. */
export type EngineOp =
  | { readonly op: 'put'; readonly table: TableName; readonly row: RawRow }
  | { readonly op: 'del'; readonly table: TableName; readonly pk: string };

/** The state of a memory engine; keep it to reopen the same data (tests of reopen and wrong passphrase). */
export interface MemoryEngineData {
  /** Metadata, once written. */
  meta: StoreMeta | undefined;
  /** Rows by table, then by primary key. */
  readonly tables: Map<TableName, Map<string, RawRow>>;
}

/** Fresh, empty engine state. */
export function createMemoryEngineData(): MemoryEngineData {
  return { meta: undefined, tables: new Map(TABLE_NAMES.map((t) => [t, new Map<string, RawRow>()])) };
}

type Key = readonly [string, number];

function indexKey(row: RawRow, index: IndexName): Key | undefined {
  switch (index) {
    case 'room+offset':
      return row.room !== undefined && row.offset !== undefined ? [row.room, row.offset] : undefined;
    case 'room+seq':
      return row.room !== undefined && row.seq !== undefined ? [row.room, row.seq] : undefined;
    case 'msg':
      return row.msg !== undefined ? [row.msg, 0] : undefined;
    case 'room':
      return row.room !== undefined ? [row.room, 0] : undefined;
    case 'exp':
      return row.exp !== undefined ? ['', row.exp] : undefined;
    case 'ts':
      return row.ts !== undefined ? ['', row.ts] : undefined;
    case 'seq':
      return row.seq !== undefined ? ['', row.seq] : undefined;
  }
}

function cmp(a: Key, b: Key): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

interface IndexEntry {
  readonly key: Key;
  readonly row: RawRow;
}

/** Order of index entries: by key, then primary key. */
function entryCmp(a: Key, aPk: string, b: Key, bPk: string): number {
  return cmp(a, b) || (aPk < bPk ? -1 : aPk > bPk ? 1 : 0);
}

/** First position whose entry is ≥ (key, pk). */
function entryPosition(entries: readonly IndexEntry[], key: Key, pk: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = entries[mid] as IndexEntry;
    if (entryCmp(e.key, e.row.pk, key, pk) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Changes of one table not yet applied to its built indexes: `[old row | undefined, new row | undefined]`.
 * Past this many, the indexes are rebuilt instead (one sort beats many splices).
 */
const MAX_PENDING_INDEX_CHANGES = 64;

/**
 * The in-memory engine. Pass the same {@link MemoryEngineData} to a new engine to "reopen" a store.
 *
 * @example
 * const data = createMemoryEngineData();
 * const store = await openSealedStore(new MemoryEngine(data), { passphrase, scrypt, allowWeakKdf: true });
 */
export class MemoryEngine implements StorageEngine {
  readonly kind: string = 'memory';
  protected readonly data: MemoryEngineData;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  readonly #indexes = new Map<string, IndexEntry[]>();
  /** Per table: row changes since its built indexes were last brought up to date. */
  readonly #pendingIndex = new Map<TableName, Array<readonly [RawRow | undefined, RawRow | undefined]>>();

  /** @param data - the state to serve; a fresh one by default. */
  constructor(data: MemoryEngineData = createMemoryEngineData()) {
    this.data = data;
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    return this.data.meta;
  }

  async writeMeta(meta: StoreMeta): Promise<void> {
    this.data.meta = meta;
  }

  /**
   * Called inside the transaction queue with the ops of each committed read-write transaction, after they
   * are applied in memory. May return a promise for durability, awaited outside the queue (group commit).
   * Throwing rolls the transaction back.
   */
  protected onCommit(_ops: readonly EngineOp[]): Promise<void> | undefined {
    return undefined;
  }

  /** Applies ops to the in-memory state without logging them (replay of a persisted log). */
  protected applyOps(ops: readonly EngineOp[]): void {
    for (const o of ops) {
      const t = this.#table(o.table);
      if (o.op === 'put') t.set(o.row.pk, o.row);
      else t.delete(o.pk);
      this.#invalidate(o.table);
    }
  }

  #table(table: TableName): Map<string, RawRow> {
    const t = this.data.tables.get(table);
    if (!t) throw StoreError.corrupt(`table ${table}`);
    return t;
  }

  #invalidate(table: TableName): void {
    for (const k of this.#indexes.keys()) if (k.startsWith(`${table}/`)) this.#indexes.delete(k);
    this.#pendingIndex.delete(table);
  }

  /** Records a row change for the table's built indexes (applied at the next query, or they are rebuilt). */
  #changed(table: TableName, before: RawRow | undefined, after: RawRow | undefined): void {
    let built = false;
    for (const k of this.#indexes.keys()) if (k.startsWith(`${table}/`)) built = true;
    if (!built) return; // built from the rows when first queried
    let pending = this.#pendingIndex.get(table);
    if (!pending) {
      pending = [];
      this.#pendingIndex.set(table, pending);
    }
    if (pending.length >= MAX_PENDING_INDEX_CHANGES) {
      this.#invalidate(table);
      return;
    }
    pending.push([before, after]);
  }

  /** Applies the pending row changes to every built index of `table` (binary-search splices). */
  #catchUp(table: TableName): void {
    const pending = this.#pendingIndex.get(table);
    if (!pending || pending.length === 0) return;
    this.#pendingIndex.delete(table);
    const prefix = `${table}/`;
    for (const [id, entries] of this.#indexes) {
      if (!id.startsWith(prefix)) continue;
      const index = id.slice(prefix.length) as IndexName;
      for (const [before, after] of pending) {
        if (before) {
          const key = indexKey(before, index);
          if (key) {
            const at = entryPosition(entries, key, before.pk);
            const e = entries[at];
            if (e && e.row.pk === before.pk && cmp(e.key, key) === 0) entries.splice(at, 1);
          }
        }
        if (after) {
          const key = indexKey(after, index);
          if (key) entries.splice(entryPosition(entries, key, after.pk), 0, { key, row: after });
        }
      }
    }
  }

  #index(table: TableName, index: IndexName): IndexEntry[] {
    const id = `${table}/${index}`;
    this.#catchUp(table);
    let entries = this.#indexes.get(id);
    if (!entries) {
      entries = [];
      for (const row of this.#table(table).values()) {
        const key = indexKey(row, index);
        if (key) entries.push({ key, row });
      }
      entries.sort((a, b) => cmp(a.key, b.key) || (a.row.pk < b.row.pk ? -1 : a.row.pk > b.row.pk ? 1 : 0));
      this.#indexes.set(id, entries);
    }
    return entries;
  }

  #query(table: TableName, q: RangeQuery): RawRow[] {
    const entries = this.#index(table, q.index);
    // As the engine contract says: compound and equality indexes use `prefix`, equality ones ignore bounds,
    // number-only ones ignore `prefix`.
    const equality = q.index === 'msg' || q.index === 'room';
    const prefix = equality || q.index === 'room+offset' || q.index === 'room+seq' ? (q.prefix ?? '') : '';
    const low: Key = [prefix, equality ? 0 : (q.lower ?? Number.NEGATIVE_INFINITY)];
    const high: Key = [prefix, equality ? 0 : (q.upper ?? Number.POSITIVE_INFINITY)];
    // First entry ≥ low (> low when open), first entry > high (≥ high when open).
    const bound = (key: Key, strict: boolean) => {
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = cmp((entries[mid] as IndexEntry).key, key);
        if (c < 0 || (strict && c === 0)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const start = bound(low, !equality && q.lowerOpen === true);
    const end = bound(high, equality || q.upperOpen !== true);
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    const out: RawRow[] = [];
    if (q.reverse) {
      for (let i = end - 1; i >= start && out.length < limit; i--) out.push((entries[i] as IndexEntry).row);
    } else {
      for (let i = start; i < end && out.length < limit; i++) out.push((entries[i] as IndexEntry).row);
    }
    return out;
  }

  run<R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>): Promise<R> {
    if (this.#closed) return Promise.reject(StoreError.closed());
    let durable: Promise<void> | undefined;
    const step = this.#queue.then(async () => {
      const ops: EngineOp[] = [];
      const undo: Array<() => void> = [];
      let active = true;
      const guard = () => {
        if (!active) throw StoreError.corrupt('transaction used after it ended');
      };
      const write = (table: TableName) => {
        guard();
        if (mode !== 'rw') throw new TypeError('write in a read-only transaction');
        return this.#table(table);
      };
      const tx: EngineTx = {
        get: async (table, pk) => {
          guard();
          return this.#table(table).get(pk);
        },
        put: async (table, rows) => {
          const t = write(table);
          for (const row of rows) {
            const prev = t.get(row.pk);
            undo.push(() => (prev ? t.set(row.pk, prev) : t.delete(row.pk)));
            t.set(row.pk, row);
            ops.push({ op: 'put', table, row });
            this.#changed(table, prev, row);
          }
        },
        delete: async (table, pks) => {
          const t = write(table);
          for (const pk of pks) {
            const prev = t.get(pk);
            if (!prev) continue;
            undo.push(() => t.set(pk, prev));
            t.delete(pk);
            ops.push({ op: 'del', table, pk });
            this.#changed(table, prev, undefined);
          }
        },
        query: async (table, q) => {
          guard();
          return this.#query(table, q);
        },
        all: async (table) => {
          guard();
          return [...this.#table(table).values()];
        },
        count: async (table) => {
          guard();
          return this.#table(table).size;
        },
      };
      const rollback = () => {
        for (let i = undo.length - 1; i >= 0; i--) (undo[i] as () => void)();
        for (const t of TABLE_NAMES) this.#invalidate(t);
      };
      try {
        const result = await fn(tx);
        active = false;
        if (ops.length) durable = this.onCommit(ops);
        return result;
      } catch (e) {
        active = false;
        rollback();
        throw e;
      }
    });
    this.#queue = step.catch(() => {});
    return step.then(async (result) => {
      if (durable) await durable;
      return result;
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue;
  }
}
