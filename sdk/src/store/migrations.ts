/**
 * Schema versions and migrations of the sealed records. A migration runs inside one read-write engine
 * transaction; the new version is written to the metadata after it commits. Because a crash may fall between
 * the two, every migration must be idempotent (running it on already-migrated rows changes nothing).
 *
 * History:
 * - v1: first layout. Messages carried their disappearing timer as `disappearAfterMs` inside the sealed body.
 * - v2: messages carry an absolute `expiresAt` and the plaintext `exp` index column, so timed deletion is an
 *   index range instead of a full decrypting scan.
 *
 * @module
 */
import {
  type EngineTx,
  type RawRow,
  STORE_SCHEMA_VERSION,
  type StorageEngine,
  type StoreMeta,
  type TableName,
} from './engine.js';
import { StoreError } from './errors.js';
import type { RecordSealer, RowColumns } from './record-sealer.js';
import { decodeStoredValue, encodeStoredValue } from './stored-value.js';

export { STORE_SCHEMA_VERSION };

/** Row-level access a migration gets. */
export interface MigrationContext {
  /** The engine transaction (for raw deletes and queries). */
  readonly tx: EngineTx;
  /** Every row of a table, opened and decoded. */
  readAll(table: TableName): Promise<Array<{ row: RawRow; record: Record<string, unknown> }>>;
  /** Seals `record` and writes it at `pk` with `columns`. */
  write(table: TableName, pk: string, columns: RowColumns, record: unknown): Promise<void>;
}

/** One step of the schema. */
export interface Migration {
  /** Version it reads. */
  readonly from: number;
  /** Version it writes (`from + 1`). */
  readonly to: number;
  /** What changes. */
  readonly description: string;
  /** Rewrites the rows. Must be idempotent. */
  up(ctx: MigrationContext): Promise<void>;
}

/** Every migration, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'messages: disappearAfterMs (sealed, relative) → expiresAt (sealed) + exp (index column)',
    async up(ctx) {
      for (const { row, record } of await ctx.readAll('messages')) {
        const after = record.disappearAfterMs;
        if (typeof after !== 'number') continue;
        const { disappearAfterMs: _drop, ...rest } = record;
        const sentAt = typeof rest.sentAt === 'number' ? rest.sentAt : 0;
        const expiresAt = sentAt + after;
        const { pk, body: _b, ...columns } = row;
        await ctx.write('messages', pk, { ...columns, exp: expiresAt }, { ...rest, expiresAt });
      }
    },
  },
];

/**
 * Brings a store from `meta.schemaVersion` to `target`, one step per transaction.
 *
 * @returns the metadata after the last step.
 * @throws StoreError STORE_SCHEMA_TOO_NEW, STORE_MIGRATION_FAILED (the store stays at the last good version).
 */
export async function migrateStore(
  engine: StorageEngine,
  sealer: RecordSealer,
  meta: StoreMeta,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = STORE_SCHEMA_VERSION,
): Promise<StoreMeta> {
  if (meta.schemaVersion > target) throw StoreError.schemaTooNew(meta.schemaVersion, target);
  let current = meta;
  while (current.schemaVersion < target) {
    const from = current.schemaVersion;
    const step = migrations.find((m) => m.from === from);
    if (!step || step.to !== from + 1) throw StoreError.migrationFailed(from, from + 1);
    try {
      await engine.run('rw', async (tx) => {
        const ctx: MigrationContext = {
          tx,
          async readAll(table) {
            const rows = await tx.all(table);
            return rows.map((row) => ({
              row,
              record: decodeStoredValue(sealer.open(table, row)) as Record<string, unknown>,
            }));
          },
          async write(table, pk, columns, record) {
            await tx.put(table, [sealer.seal(table, pk, columns, encodeStoredValue(record))]);
          },
        };
        await step.up(ctx);
      });
    } catch (cause) {
      throw StoreError.migrationFailed(from, step.to, cause);
    }
    current = { ...current, schemaVersion: step.to };
    await engine.writeMeta(current);
  }
  return current;
}
