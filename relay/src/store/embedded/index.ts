export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.js';
export { type StoreSync, syncPragma } from './schema.js';
export { openSqlite, type SqlDatabase, type SqlStatement } from './sqlite.js';
