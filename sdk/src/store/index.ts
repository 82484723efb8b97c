/**
 * The local store: one {@link Store} interface, sealed records (XChaCha20-Poly1305 under a wrapped database
 * key, blind indexes), schema migrations and timed deletion. Engines: memory (here), Dexie/IndexedDB
 * (`store/dexie`), Node files (`store/node`).
 *
 * @module
 */
export {
  type EngineTx,
  type IndexName,
  type KeyHeader,
  type RangeQuery,
  type RawRow,
  STORE_SCHEMA_VERSION,
  type StorageEngine,
  type StoreMeta,
  TABLE_NAMES,
  type TableName,
} from './engine.js';
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.js';
export type { StoreKeySource } from './key-wrap.js';
export {
  STORE_DEFAULT_PAGE_SIZE,
  STORE_MAX_PAGE_SIZE,
  STORE_MAX_RECORD_BYTES,
  STORE_SWEEP_BATCH,
} from './limits.js';
export {
  createMemoryEngineData,
  type EngineOp,
  MemoryEngine,
  type MemoryEngineData,
} from './memory-engine.js';
export { type MemoryStoreOptions, openMemoryStore } from './memory-store.js';
export { MIGRATIONS, type Migration, type MigrationContext } from './migrations.js';
export { openSealedStore, type SealedStoreInternals } from './sealed-store.js';
export type {
  AttachmentTable,
  KeyedTable,
  KvTable,
  MessageTable,
  OutboxTable,
  Store,
  StoreOptions,
  StoreScope,
} from './store.js';
export type { StoredValue } from './stored-value.js';
export type {
  AttachmentRecord,
  IdentityRecord,
  MessageKeyRecord,
  MessagePage,
  MessageRecord,
  OutboxRecord,
  PageDirection,
  PageQuery,
  QueuedOutboxRecord,
  RetentionPolicy,
  RoomRecord,
  SessionRecord,
  SweepResult,
} from './types.js';
