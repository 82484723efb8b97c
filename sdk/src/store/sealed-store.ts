/**
 * The typed {@link Store}, written once over any {@link StorageEngine}: every record is sealed with the
 * database key before it reaches the engine, every lookup column is a blind index or a number the store must
 * order by. Open one with {@link openSealedStore}.
 *
 * @module
 */
import type { SecretKey } from '../crypto/secret.js';
import { type RawRow, STORE_SCHEMA_VERSION, type StorageEngine, type StoreMeta } from './engine.js';
import { StoreError } from './errors.js';
import { createDatabaseKey, type StoreKeySource, unwrapDatabaseKey, wrapDatabaseKey } from './key-wrap.js';
import { STORE_SWEEP_BATCH } from './limits.js';
import type { Migration } from './migrations.js';
import { RecordSealer } from './record-sealer.js';
import type { Store, StoreOptions, StoreScope } from './store.js';
import { Codec, deleteMessageRows, type Exec, makeScope } from './store-scope.js';
import { TransactionBatcher } from './transaction-batcher.js';
import type { RetentionPolicy, SweepResult } from './types.js';

/** Advanced options: a custom migration list and target (tests of the migration machinery). */
export interface SealedStoreInternals {
  /** Migrations to run. @default MIGRATIONS */
  readonly migrations?: readonly Migration[];
  /** Schema version to migrate to (and to create new stores at). @default STORE_SCHEMA_VERSION */
  readonly targetVersion?: number;
}

class SealedStore implements Store {
  readonly kind: string;
  readonly identity;
  readonly sessions;
  readonly rooms;
  readonly messages;
  readonly outbox;
  readonly attachments;
  readonly messageKeys;
  readonly kv;
  #closed = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #retention: RetentionPolicy;
  #meta: StoreMeta;
  readonly #codec: Codec;
  readonly #engine: StorageEngine;
  readonly #batcher: TransactionBatcher;
  readonly #exec: Exec;

  constructor(engine: StorageEngine, sealer: RecordSealer, meta: StoreMeta, options: StoreOptions) {
    this.kind = engine.kind;
    this.#engine = engine;
    this.#meta = meta;
    this.#codec = new Codec(sealer);
    this.#retention = options.retention ?? {};
    // Every top-level operation goes through the batcher: concurrent writes share one engine transaction.
    this.#batcher = new TransactionBatcher(engine);
    this.#exec = (mode, fn) => {
      if (this.#closed) return Promise.reject(StoreError.closed());
      return this.#batcher.run(mode, fn);
    };
    const scope = makeScope(this.#exec, this.#codec);
    this.identity = scope.identity;
    this.sessions = scope.sessions;
    this.rooms = scope.rooms;
    this.messages = scope.messages;
    this.outbox = scope.outbox;
    this.attachments = scope.attachments;
    this.messageKeys = scope.messageKeys;
    this.kv = scope.kv;
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.#timer = setInterval(() => {
        this.sweep().catch(() => {});
      }, every);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  get schemaVersion(): number {
    return this.#meta.schemaVersion;
  }

  transaction<R>(fn: (tx: StoreScope) => Promise<R>): Promise<R> {
    return this.#exec('rw', (tx) => {
      const inner: Exec = (_mode, step) => step(tx);
      return fn(makeScope(inner, this.#codec));
    });
  }

  setRetention(policy: RetentionPolicy): void {
    if (policy.maxAgeMs !== undefined && !(policy.maxAgeMs >= 0))
      throw new RangeError('maxAgeMs must be ≥ 0');
    this.#retention = { ...policy };
  }

  async sweep(now: number = Date.now()): Promise<SweepResult> {
    let messages = 0;
    let messageKeys = 0;
    let attachments = 0;
    const cutoff = this.#retention.maxAgeMs === undefined ? undefined : now - this.#retention.maxAgeMs;
    // Bounded batches: each pass deletes at most STORE_SWEEP_BATCH rows per index, until none remain.
    for (;;) {
      const done = await this.#exec('rw', async (tx) => {
        const byExp = await tx.query('messages', { index: 'exp', upper: now, limit: STORE_SWEEP_BATCH });
        const byAge =
          cutoff === undefined
            ? []
            : await tx.query('messages', {
                index: 'ts',
                upper: cutoff,
                upperOpen: true,
                limit: STORE_SWEEP_BATCH,
              });
        const seen = new Map<string, RawRow>();
        for (const r of [...byExp, ...byAge]) seen.set(r.pk, r);
        const rows = [...seen.values()];
        const cascaded = await deleteMessageRows(tx, rows);
        const keys = await tx.query('messageKeys', { index: 'exp', upper: now, limit: STORE_SWEEP_BATCH });
        const atts = await tx.query('attachments', { index: 'exp', upper: now, limit: STORE_SWEEP_BATCH });
        if (keys.length)
          await tx.delete(
            'messageKeys',
            keys.map((r) => r.pk),
          );
        if (atts.length)
          await tx.delete(
            'attachments',
            atts.map((r) => r.pk),
          );
        messages += rows.length;
        messageKeys += cascaded.keys + keys.length;
        attachments += cascaded.atts + atts.length;
        return rows.length + keys.length + atts.length === 0;
      });
      if (done) break;
    }
    return { messages, messageKeys, attachments };
  }

  async changeKey(source: StoreKeySource): Promise<void> {
    if (this.#closed) throw StoreError.closed();
    const dbKey = this.#codec.sealer.exportKeyForRewrap();
    try {
      const keyHeader = await wrapDatabaseKey(dbKey, source);
      this.#meta = { ...this.#meta, keyHeader };
      await this.#engine.writeMeta(this.#meta);
    } finally {
      dbKey.destroy();
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    try {
      await this.#batcher.drain(); // writes already issued still commit
      await this.#engine.close(); // drains queued transactions, which may still need the keys
    } finally {
      this.#codec.sealer.destroy();
    }
  }
}

/**
 * Opens (or creates) a sealed store over `engine`: unwraps the database key, runs pending migrations, and
 * returns the typed {@link Store}. On any error the engine is closed.
 *
 * @throws StoreError STORE_WRONG_PASSPHRASE, STORE_WRONG_KEY, STORE_KEY_SOURCE_MISMATCH, STORE_SCHEMA_TOO_NEW,
 *   STORE_MIGRATION_FAILED, STORE_WEAK_KDF, STORE_CORRUPT.
 * @example
 * const store = await openSealedStore(new MemoryEngine(), { passphrase: 'correct horse battery staple' });
 */
export async function openSealedStore(
  engine: StorageEngine,
  options: StoreOptions,
  internals: SealedStoreInternals = {},
): Promise<Store> {
  const target = internals.targetVersion ?? STORE_SCHEMA_VERSION;
  try {
    let meta = await engine.readMeta();
    let dbKey: SecretKey;
    if (!meta) {
      const created = await createDatabaseKey(options);
      dbKey = created.dbKey;
      meta = { format: 'cryptalk-store', schemaVersion: target, keyHeader: created.header };
      await engine.writeMeta(meta);
    } else {
      if (meta.format !== 'cryptalk-store' || !Number.isInteger(meta.schemaVersion)) {
        throw StoreError.corrupt('store metadata');
      }
      if (meta.schemaVersion > target) throw StoreError.schemaTooNew(meta.schemaVersion, target);
      dbKey = await unwrapDatabaseKey(meta.keyHeader, options);
    }
    const sealer = new RecordSealer(dbKey);
    dbKey.destroy();
    if (meta.schemaVersion < target) {
      try {
        // the migrations load only for a store written by an older build
        const from = meta.schemaVersion;
        const { MIGRATIONS, migrateStore } = await import('./migrations.js').catch((cause: unknown) => {
          throw StoreError.migrationFailed(from, target, cause);
        });
        meta = await migrateStore(engine, sealer, meta, internals.migrations ?? MIGRATIONS, target);
      } catch (e) {
        sealer.destroy();
        throw e;
      }
    }
    return new SealedStore(engine, sealer, meta, options);
  } catch (e) {
    await engine.close().catch(() => {});
    throw e;
  }
}
