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
 * Dexie opens the database and owns its schema; the store's transactions run on the native IndexedDB API
 * under that connection (`idb-transaction.ts`), which costs about half the renderer time of Dexie's per-call
 * machinery.
 *
 * @module
 */
import { Dexie } from 'dexie/dist/modern/dexie.mjs';
import { generateWrappingCryptoKey } from '../../crypto/at-rest/index.js';
import type { EngineTx, StorageEngine, StoreMeta, TableName } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import { StoreError } from '../errors.js';
import { type RecordWrite, readRecords, runIdbTransaction, writeRecords } from './idb-transaction.js';

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

  /**
   * The metadata and the device key, read together in one transaction by the first of `readMeta()` and
   * `deviceKey()` (an open needs both, one after the other: one IndexedDB transaction instead of two).
   */
  #startup: Promise<{ meta?: StoreMeta; key?: CryptoKey }> | undefined;
  /** Which of the startup values were used: later calls read again. */
  #startupUsed = { meta: false, key: false };
  /** A device key made for a new store: written with its first metadata, in the same transaction. */
  #pendingKey: CryptoKey | undefined;

  /**
   * The IndexedDB connection.
   *
   * @throws StoreError STORE_CLOSED after `close()` (Dexie's connection is then null).
   */
  #idb(): IDBDatabase {
    if (!this.#db.isOpen()) throw StoreError.closed();
    return this.#db.backendDB();
  }

  #startupRead(): Promise<{ meta?: StoreMeta; key?: CryptoKey }> {
    this.#startup ??= readRecords(this.#idb(), [
      ['meta', 'meta'],
      ['keys', 'device'],
    ]).then(([meta, key]) => ({
      ...(meta ? { meta: (meta as { value: StoreMeta }).value } : {}),
      ...(key ? { key: (key as { key: CryptoKey }).key } : {}),
    }));
    return this.#startup;
  }

  async readMeta(): Promise<StoreMeta | undefined> {
    const db = this.#idb();
    if (!this.#startupUsed.meta) {
      this.#startupUsed.meta = true;
      return (await this.#startupRead()).meta;
    }
    const [row] = await readRecords(db, [['meta', 'meta']]);
    return (row as { value: StoreMeta } | undefined)?.value;
  }

  async writeMeta(meta: StoreMeta): Promise<void> {
    const db = this.#idb();
    const writes: RecordWrite[] = [{ store: 'meta', value: { id: 'meta', value: meta } }];
    const key = this.#pendingKey;
    if (key) writes.push({ store: 'keys', value: { id: 'device', key }, add: true });
    await writeRecords(db, writes);
    if (this.#pendingKey === key) this.#pendingKey = undefined;
  }

  /**
   * A non-extractable AES-256-GCM key kept in this database (created on first use): a key source that needs no
   * passphrase and whose bytes script can never read. Anyone who can run script on this origin can still use it.
   * A key made for a new store (no metadata yet) is stored with the store's first metadata, in one transaction.
   */
  async deviceKey(): Promise<CryptoKey> {
    const db = this.#idb();
    if (this.#pendingKey) return this.#pendingKey;
    let found: CryptoKey | undefined;
    let hasMeta: boolean;
    if (!this.#startupUsed.key) {
      this.#startupUsed.key = true;
      const startup = await this.#startupRead();
      found = startup.key;
      hasMeta = startup.meta !== undefined;
    } else {
      const [key, meta] = await readRecords(db, [
        ['keys', 'device'],
        ['meta', 'meta'],
      ]);
      found = (key as { key: CryptoKey } | undefined)?.key;
      hasMeta = meta !== undefined;
    }
    if (found) return found;
    const key = await generateWrappingCryptoKey();
    if (hasMeta)
      await writeRecords(this.#idb(), [{ store: 'keys', value: { id: 'device', key }, add: true }]);
    else this.#pendingKey = key;
    return key;
  }

  async run<R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>): Promise<R> {
    // The native API under Dexie's connection (see idb-transaction.ts): Dexie opens and upgrades the schema.
    return runIdbTransaction(this.#idb(), mode, TABLE_NAMES, fn);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
