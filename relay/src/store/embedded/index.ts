export { EmbeddedStore } from './embedded-store.js';
export { openSqlite, type SqlDatabase, type SqlStatement } from './sqlite.js';
