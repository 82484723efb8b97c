/**
 * A tiny synchronous SQLite adapter: the built-in `node:sqlite` (`DatabaseSync`, Node ≥ 22.13) when the
 * runtime has it, else `better-sqlite3` (a native module, built for the Node that installed it). Both run the
 * same SQL with positional parameters, so the embedded engine works on Node 20 and Node 24 alike.
 * @module
 */
import { createRequire } from 'node:module';

/** A prepared statement. */
export interface SqlStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
}

/** An open database. */
export interface SqlDatabase {
  /** Which driver opened it. */
  readonly driver: 'node:sqlite' | 'better-sqlite3';
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  close(): void;
}

type Ctor = new (
  path: string,
) => {
  exec(sql: string): unknown;
  prepare(sql: string): SqlStatement;
  close(): void;
};

const require = createRequire(import.meta.url);

/**
 * Opens (creating if needed) the database file at `path`.
 * @throws Error naming both drivers when neither loads.
 */
export function openSqlite(path: string): SqlDatabase {
  let builtin: { DatabaseSync?: Ctor } | undefined;
  try {
    builtin = (
      process as { getBuiltinModule?: (id: string) => { DatabaseSync?: Ctor } | undefined }
    ).getBuiltinModule?.('node:sqlite');
  } catch {
    builtin = undefined; // Node 22 before 22.13 keeps it behind a flag
  }
  if (builtin?.DatabaseSync) {
    const db = new builtin.DatabaseSync(path);
    return wrap(db, 'node:sqlite');
  }
  let Better: Ctor;
  try {
    Better = require('better-sqlite3') as Ctor;
  } catch (err) {
    throw new Error(
      'the embedded store needs node:sqlite (Node >= 22.13) or the better-sqlite3 module built for this Node',
      { cause: err },
    );
  }
  return wrap(new Better(path), 'better-sqlite3');
}

function wrap(db: InstanceType<Ctor>, driver: SqlDatabase['driver']): SqlDatabase {
  return {
    driver,
    exec: (sql) => {
      db.exec(sql);
    },
    prepare: (sql) => db.prepare(sql),
    close: () => db.close(),
  };
}
