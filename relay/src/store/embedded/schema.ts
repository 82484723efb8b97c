/**
 * The embedded engine's schema, in WAL journal mode. How far a COMMIT is synced is set separately
 * ({@link syncPragma}): `synchronous=FULL` (the default) fsyncs the WAL at every COMMIT, so a committed
 * transaction survives SIGKILL and power loss alike.
 */
export const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA busy_timeout = 5000;
CREATE TABLE IF NOT EXISTS rooms (
  room TEXT PRIMARY KEY, epoch TEXT NOT NULL, next INTEGER NOT NULL, first INTEGER NOT NULL,
  mls INTEGER NOT NULL, owner TEXT, ttl INTEGER NOT NULL, expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rooms_expires ON rooms (expires);
CREATE TABLE IF NOT EXISTS messages (
  room TEXT NOT NULL, off INTEGER NOT NULL, msg_id TEXT NOT NULL, epoch INTEGER NOT NULL, ct TEXT NOT NULL,
  hs INTEGER NOT NULL, at INTEGER NOT NULL, exp INTEGER, PRIMARY KEY (room, off)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dedupe (
  room TEXT NOT NULL, msg_id TEXT NOT NULL, off INTEGER NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (room, msg_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dedupe_at ON dedupe (at);
CREATE TABLE IF NOT EXISTS mailboxes (
  room TEXT NOT NULL, member TEXT NOT NULL, cursor INTEGER NOT NULL, expires INTEGER NOT NULL,
  PRIMARY KEY (room, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS key_bundles (owner TEXT PRIMARY KEY, bundle TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS key_items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS key_items_owner ON key_items (owner, kind, seq);
`;

/**
 * Migrations for databases created by older versions, run after {@link SCHEMA}: each adds what its version
 * lacked. `hasColumn` tells whether a column exists already.
 */
export function migrations(hasColumn: (table: string, column: string) => boolean): string[] {
  const out: string[] = [];
  // v2: disappearing messages carry their own expiry.
  if (!hasColumn('messages', 'exp')) out.push('ALTER TABLE messages ADD COLUMN exp INTEGER');
  out.push('CREATE INDEX IF NOT EXISTS messages_exp ON messages (exp) WHERE exp IS NOT NULL');
  return out;
}

/**
 * How far the embedded store syncs a COMMIT before the relay acks what it holds.
 * - `full` (the default): SQLite `synchronous=FULL`; the WAL is fsynced at every COMMIT, so an acked message
 *   survives a crash of the relay process, of the OS and a power loss.
 * - `normal`: SQLite `synchronous=NORMAL` in WAL mode; a COMMIT is written to the WAL (the OS page cache) but
 *   not fsynced, which happens at checkpoints. An acked message survives a crash or SIGKILL of the relay
 *   process, but the last transactions before an OS crash or a power loss may be lost. Much cheaper per
 *   COMMIT (no fsync blocking the event loop).
 */
export type StoreSync = 'full' | 'normal';

/** The PRAGMA of a {@link StoreSync} level. */
export function syncPragma(sync: StoreSync): string {
  return sync === 'normal' ? 'PRAGMA synchronous = NORMAL;' : 'PRAGMA synchronous = FULL;';
}
