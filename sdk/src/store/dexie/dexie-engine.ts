/**
 * The IndexedDB {@link StorageEngine}, through Dexie 4. Works on the main thread and in Workers.
 *
 * Object stores (Dexie schema version 2): `meta` (the plaintext {@link StoreMeta} under id `meta`), `keys`
 * (an optional non-extractable `CryptoKey` under id `device`), and one store per table keyed by the blind `pk`
 * with these indexes: messages `[room+offset]`, `exp`, `ts`; outbox `[room+seq]`, `seq`; attachments and
 * messageKeys `room`, `msg`, `exp`. Row bodies are sealed `Uint8Array`s (structured clone keeps them).
 * Version 1 also indexed messages by `msg`, which nothing queries (a message's primary key already is its
 * blind id): version 2 drops it, one index write less per message (Dexie removes it on open).
 *
 * @module
 */
import { Dexie, type Table, type Transaction } from 'dexie/dist/dexie.mjs';
import { generateWrappingCryptoKey } from '../../crypto/at-rest/index.js';
import type { EngineTx, RangeQuery, RawRow, StorageEngine, StoreMeta, TableName } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import { StoreError } from '../errors.js';

const SCHEMA_V1: Record<TableName | 'meta' | 'keys', string> = {
  meta: 'id',
  keys: 'id',
  identity: 'pk',
  sessions: 'pk',
  rooms: 'pk',
  messages: 'pk, [room+offset], msg, exp, ts',
  outbox: 'pk, [room+seq], seq',
  attachments: 'pk, room, msg, exp',
  messageKeys: 'pk, room, msg, exp',
  kv: 'pk',
};

/** Version 2: messages lose the unused `msg` index. */
const SCHEMA_V2: Record<TableName | 'meta' | 'keys', string> = {
  ...SCHEMA_V1,
  messages: 'pk, [room+offset], exp, ts',
};

const COMPOUND: Partial<Record<RangeQuery['index'], string>> = {
  'room+offset': '[room+offset]',
  'room+seq': '[room+seq]',
};

/**
 * The Dexie engine. One per open store; `close()` closes the database connection.
 *
 * @example
 * const store = await openSealedStore(await DexieEngine.open('cryptalk'), { passphrase });
 */
export class DexieEngine implements StorageEngine {
  readonly kind = 'dexie';
  readonly #db: Dexie;

  private constructor(db: Dexie) {
    this.#db = db;
  }

  /**
   * Opens (or creates) the IndexedDB database `name`.
   *
   * @throws StoreError STORE_UNAVAILABLE when IndexedDB is missing or refuses to open.
   */
  static async open(name: string): Promise<DexieEngine> {
    const db = new Dexie(name);
    db.version(1).stores(SCHEMA_V1);
    db.version(2).stores(SCHEMA_V2);
    try {
      await db.open();
    } catch (cause) {
      throw StoreError.unavailable('IndexedDB', cause);
    }
    return new DexieEngine(db);
  }

  /** Deletes the IndexedDB database `name` and everything in it. */
  static async delete(name: string): Promise<void> {
    await Dexie.delete(name);
  }

  /** The IndexedDB database name. */
  get name(): string {
    return this.#db.name;
  }

  #table(name: string): Table {
    return this.#db.table(name);
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    const row = (await this.#table('meta').get('meta')) as { value: StoreMeta } | undefined;
    return row?.value;
  }

  async writeMeta(meta: StoreMeta): Promise<void> {
    await this.#table('meta').put({ id: 'meta', value: meta });
  }

  /**
   * A non-extractable AES-256-GCM key kept in this database (created on first use): a key source that needs no
   * passphrase and whose bytes script can never read. Anyone who can run script on this origin can still use it.
   */
  async deviceKey(): Promise<CryptoKey> {
    const table = this.#table('keys');
    const found = (await table.get('device')) as { key: CryptoKey } | undefined;
    if (found) return found.key;
    const key = await generateWrappingCryptoKey();
    await table.add({ id: 'device', key });
    return key;
  }

  run<R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>): Promise<R> {
    if (!this.#db.isOpen()) return Promise.reject(StoreError.closed());
    const tables = TABLE_NAMES.map((t) => this.#table(t));
    const rows = (list: unknown[]) => list as RawRow[];
    return this.#db.transaction(mode === 'rw' ? 'rw' : 'r', tables, async (trans: Transaction) => {
      // Tables bound to `trans` explicitly: the scope awaits native promises, which lose Dexie's zone.
      const table = (name: TableName) => trans.table(name);
      const writes = new WriteBehind(table);
      const tx: EngineTx = {
        get: async (t, pk) => {
          await writes.flush();
          return (await table(t).get(pk)) as RawRow | undefined;
        },
        put: async (t, list) => writes.add(t, 'put', list),
        delete: async (t, pks) => writes.add(t, 'delete', pks),
        query: async (t, q) => {
          await writes.flush();
          const tb = table(t);
          const lo = q.lower ?? Number.NEGATIVE_INFINITY;
          const hi = q.upper ?? Number.POSITIVE_INFINITY;
          const compound = COMPOUND[q.index];
          let coll: ReturnType<Table['toCollection']>;
          if (compound) {
            const p = q.prefix ?? '';
            coll = tb.where(compound).between([p, lo], [p, hi], q.lowerOpen !== true, q.upperOpen !== true);
          } else if (q.index === 'msg' || q.index === 'room') {
            coll = tb.where(q.index).equals(q.prefix ?? '');
          } else {
            coll = tb.where(q.index).between(lo, hi, q.lowerOpen !== true, q.upperOpen !== true);
          }
          if (q.reverse) coll = coll.reverse();
          if (q.limit !== undefined) coll = coll.limit(q.limit);
          return rows(await coll.toArray());
        },
        all: async (t) => {
          await writes.flush();
          return rows(await table(t).toArray());
        },
        count: async (t) => {
          await writes.flush();
          return table(t).count();
        },
      };
      const out = await fn(tx);
      await writes.flush();
      return out;
    });
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

/**
 * The writes of one transaction, held until a read or the end of the transaction and then issued as one
 * `bulkPut`/`bulkDelete` per run of same-table, same-kind writes, in call order. Many small writes (a batch of
 * single puts from independent callers) cost a few IndexedDB requests instead of one awaited request each;
 * every read first flushes, so it sees the transaction's own writes. A write that fails (quota, an aborted
 * transaction: failures of the whole IndexedDB transaction, never of one row) fails the transaction at its
 * end, as a failed commit does: the batcher then fails every operation of the batch and none resolves.
 */
class WriteBehind {
  readonly #table: (name: TableName) => Table;
  #runs: { table: TableName; kind: 'put' | 'delete'; items: unknown[] }[] = [];

  constructor(table: (name: TableName) => Table) {
    this.#table = table;
  }

  add(table: TableName, kind: 'put' | 'delete', items: readonly unknown[]): void {
    const last = this.#runs[this.#runs.length - 1];
    if (last && last.table === table && last.kind === kind) {
      for (const item of items) last.items.push(item);
    } else {
      this.#runs.push({ table, kind, items: [...items] });
    }
  }

  async flush(): Promise<void> {
    while (this.#runs.length > 0) {
      const runs = this.#runs;
      this.#runs = [];
      for (const run of runs) {
        if (run.items.length === 0) continue;
        const tb = this.#table(run.table);
        if (run.kind === 'put') await tb.bulkPut(run.items);
        else await tb.bulkDelete(run.items as string[]);
      }
    }
  }
}
