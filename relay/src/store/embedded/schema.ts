/**
 * The embedded engine's schema. WAL journal with `synchronous=FULL`: a transaction is on disk (fsynced) when
 * COMMIT returns, so an acked message survives SIGKILL and power loss alike.
 */
export const SCHEMA = `
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
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
