/**
 * The IndexedDB {@link StorageEngine}. Works on the main thread and in Workers.
 *
 * Dexie 4 creates and upgrades the schema (`schema.ts` has it); the store's transactions run on the native
 * IndexedDB API (`idb-transaction.ts`), which costs about half the renderer time of Dexie's per-call machinery.
 * A database already at the current schema (every open after the first on a device) is opened with the native
 * API alone, so Dexie (`dexie-schema.ts`, about 30 KB gzip, a lazy chunk in bundles that split) is loaded only
 * to create the database or to upgrade it.
 *
 * @module
 */
import { generateWrappingCryptoKey } from '../../crypto/at-rest/index.js';
import { loadOnce, loadWithRetries } from '../../crypto/lazy-load.js';
import type { EngineTx, StorageEngine, StoreMeta } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import { StoreError } from '../errors.js';
import { STORE_SCHEMA_LOAD_RETRY_MS } from '../limits.js';
import { type RecordWrite, readRecords, runIdbTransaction, writeRecords } from './idb-transaction.js';
import { installedSchemaMatches } from './schema.js';

/** The IndexedDB factory of this realm, or undefined where there is none (Node, some private modes). */
function idbFactory(): IDBFactory | undefined {
  return (globalThis as { indexedDB?: IDBFactory }).indexedDB;
}

/**
 * Opens the database `name` with the native API when it exists and already has the current schema.
 *
 * @returns the connection, or `undefined` when Dexie has to create or upgrade it first: the database does not
 *   exist (its creation is aborted: Chromium then keeps none, and where a browser kept an empty one Dexie upgrades
 *   it), has an older schema or lacks a store or index, or could not be opened this way (Dexie then tries, with
 *   its workarounds, and reports the failure).
 */
function openPrepared(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name);
    } catch {
      resolve(undefined);
      return;
    }
    req.onupgradeneeded = () => {
      // a new database: abort its creation (Dexie creates it at its version, with the schema)
      req.transaction?.abort();
    };
    req.onerror = (e) => {
      e.preventDefault();
      resolve(undefined);
    };
    req.onblocked = () => {}; // an open without a version upgrades nothing but a new database: never blocked
    req.onsuccess = () => {
      const db = req.result;
      let matches = false;
      try {
        matches = installedSchemaMatches(db);
      } catch {
        // a store that cannot be read: Dexie decides
      }
      if (matches) resolve(db);
      else {
        db.close();
        resolve(undefined);
      }
    };
  });
}

/** The schema module (Dexie), loaded on first need; a failed load is forgotten, so the next open tries again. */
const loadSchemaModule = loadOnce(() => import('./dexie-schema.js'));

/**
 * {@link loadSchemaModule} for an open that needs it: a failed load (a preload's included) is tried again after
 * each of {@link STORE_SCHEMA_LOAD_RETRY_MS} before the last failure is thrown.
 */
function loadSchemaModuleForOpen(): Promise<typeof import('./dexie-schema.js')> {
  return loadWithRetries(loadSchemaModule, STORE_SCHEMA_LOAD_RETRY_MS);
}

/**
 * The Dexie engine. One per open store; `close()` closes the database connection.
 *
 * @example
 * const store = await openSealedStore(await DexieEngine.open('cryptalk'), { passphrase });
 */
export class DexieEngine implements StorageEngine {
  readonly kind = 'dexie';
  readonly #db: IDBDatabase;
  /** False once closed: by `close()`, by another connection's upgrade or deletion, or by the browser. */
  #open = true;

  private constructor(db: IDBDatabase) {
    this.#db = db;
    // another tab upgrading or deleting the database waits for this connection: let it go (as Dexie does)
    db.onversionchange = () => {
      this.#open = false;
      db.close();
    };
    db.onclose = () => {
      this.#open = false; // closed by the browser (storage cleared, a failed disk)
    };
  }

  /**
   * Opens (or creates) the IndexedDB database `name`. A database at the current schema opens with the native
   * API alone; a new one, or one at an older schema, loads Dexie first to create or upgrade it.
   *
   * @throws StoreError STORE_UNAVAILABLE when IndexedDB is missing or refuses to open, or Dexie's code could not
   *   be loaded (a failed chunk download, tried again after each of `STORE_SCHEMA_LOAD_RETRY_MS`; the next open
   *   tries again too).
   */
  static async open(name: string): Promise<DexieEngine> {
    const factory = idbFactory();
    if (!factory) throw StoreError.unavailable('IndexedDB', 'this platform has no IndexedDB');
    let db = await openPrepared(factory, name);
    if (!db) {
      try {
        await (await loadSchemaModuleForOpen()).prepareSchema(name);
      } catch (cause) {
        throw StoreError.unavailable('IndexedDB', cause);
      }
      db = await openPrepared(factory, name);
      if (!db) throw StoreError.unavailable('IndexedDB', 'its schema was not in place after the upgrade');
    }
    return new DexieEngine(db);
  }

  /**
   * Starts loading Dexie's code now, for an open that is about to create a database (a first visit): the
   * download then runs beside whatever the caller waits for, instead of after the open found no database.
   * Resolves once loaded; never rejects (a failed load is reported by the open that needs it, which tries again).
   *
   * @example
   * if (!(await indexedDB.databases()).some((d) => d.name === 'cryptalk')) void DexieEngine.preload();
   */
  static async preload(): Promise<void> {
    await loadSchemaModule().catch(() => undefined);
  }

  /** Deletes the IndexedDB database `name` and everything in it (waits while another connection holds it). */
  static async delete(name: string): Promise<void> {
    const factory = idbFactory();
    if (!factory) throw StoreError.unavailable('IndexedDB', 'this platform has no IndexedDB');
    await new Promise<void>((resolve, reject) => {
      const req = factory.deleteDatabase(name);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(StoreError.unavailable('IndexedDB', req.error));
    });
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
   * @throws StoreError STORE_CLOSED once the connection is closed (see `#open`).
   */
  #idb(): IDBDatabase {
    if (!this.#open) throw StoreError.closed();
    return this.#db;
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
    return runIdbTransaction(this.#idb(), mode, TABLE_NAMES, fn);
  }

  async close(): Promise<void> {
    this.#open = false;
    this.#db.close();
  }
}
