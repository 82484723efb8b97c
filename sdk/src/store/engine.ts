/**
 * The seam under every store: a storage engine keeps sealed rows (opaque bytes plus a few plaintext index
 * columns) in named tables. It never sees plaintext. Memory, file and IndexedDB engines implement it; the
 * typed {@link Store} is written once on top (see `sealed-store.ts`).
 *
 * @module
 */

/**
 * The schema version this build writes (a store at an older one is migrated when opened, by `migrations.ts`,
 * which loads only then).
 */
export const STORE_SCHEMA_VERSION = 2;

/** The tables of the store (schema version 2). */
export const TABLE_NAMES = [
  'identity',
  'sessions',
  'rooms',
  'messages',
  'outbox',
  'attachments',
  'messageKeys',
  'kv',
] as const;

/** One of {@link TABLE_NAMES}. */
export type TableName = (typeof TABLE_NAMES)[number];

/**
 * A sealed row. `pk` is a blind index of the logical key; `body` the sealed record. The optional columns are
 * the only plaintext: blind indexes (`room`, `msg`) and numbers the store must order or range over.
 */
export interface RawRow {
  /** Primary key: blind index of the record's logical key. */
  readonly pk: string;
  /** Sealed record: version byte, nonce, ciphertext and tag. */
  readonly body: Uint8Array;
  /** Blind index of the room id (messages, outbox, attachments, messageKeys). */
  readonly room?: string;
  /** Blind index of the message id (attachments, messageKeys). */
  readonly msg?: string;
  /** Relay offset (messages). */
  readonly offset?: number;
  /** Send time in ms (messages; retention by age). */
  readonly ts?: number;
  /** Expiry time in ms (timed deletion). */
  readonly exp?: number;
  /** Local queue position (outbox). */
  readonly seq?: number;
}

/** The indexes an engine must support: compound `[room+offset]`, `[room+seq]`, and single columns. */
export type IndexName = 'room+offset' | 'room+seq' | 'msg' | 'room' | 'exp' | 'ts' | 'seq';

/**
 * A range read on one index. For compound indexes `prefix` selects the blind room and `lower`/`upper` range
 * over the number; for `msg`/`room` only `prefix` applies; for `exp`/`ts`/`seq` only the bounds.
 */
export interface RangeQuery {
  /** Which index. */
  readonly index: IndexName;
  /** Equality on the string column of the index. */
  readonly prefix?: string;
  /** Inclusive lower bound of the number column. */
  readonly lower?: number;
  /** Inclusive upper bound of the number column. */
  readonly upper?: number;
  /** Exclude `lower` itself. */
  readonly lowerOpen?: boolean;
  /** Exclude `upper` itself. */
  readonly upperOpen?: boolean;
  /** Most rows to return. */
  readonly limit?: number;
  /** Highest first. */
  readonly reverse?: boolean;
}

/** Reads and writes inside one engine transaction. */
export interface EngineTx {
  /** The row with this primary key. */
  get(table: TableName, pk: string): Promise<RawRow | undefined>;
  /** Inserts or replaces rows. */
  put(table: TableName, rows: readonly RawRow[]): Promise<void>;
  /** Deletes rows by primary key (missing ones are ignored). */
  delete(table: TableName, pks: readonly string[]): Promise<void>;
  /** Rows of an index range, ordered by the index then `pk`. */
  query(table: TableName, q: RangeQuery): Promise<RawRow[]>;
  /** Every row of a table (order unspecified). */
  all(table: TableName): Promise<RawRow[]>;
  /** Number of rows of a table. */
  count(table: TableName): Promise<number>;
}

/** Plaintext metadata of a store: the only record that is not sealed. */
export interface StoreMeta {
  /** Format tag. */
  readonly format: 'cryptalk-store';
  /** Logical schema version of the sealed records. */
  readonly schemaVersion: number;
  /** How the database key is wrapped (KDF parameters, salt, wrapped key). See `key-wrap.ts`. */
  readonly keyHeader: KeyHeader;
}

/**
 * The wrapped database key: which kind of key source opens it, and the `crypto/at-rest` wrapped blob (base64),
 * which carries its own version, KDF, parameters and salt.
 */
export interface KeyHeader {
  /** The key source kind. */
  readonly kind: 'passphrase' | 'webcrypto' | 'raw';
  /** The wrapped key blob, base64. */
  readonly wrapped: string;
}

/** A storage engine. */
export interface StorageEngine {
  /** Engine name for diagnostics (`memory`, `node-file`, `dexie`). */
  readonly kind: string;
  /** The plaintext metadata, or undefined for a new store. */
  readMeta(): Promise<StoreMeta | undefined>;
  /** Writes the metadata durably. */
  writeMeta(meta: StoreMeta): Promise<void>;
  /**
   * Runs `fn` in a transaction. Read-write transactions are atomic: all of their writes or none (when `fn`
   * throws). Transactions never interleave their writes.
   */
  run<R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>): Promise<R>;
  /** Releases files, handles and locks. */
  close(): Promise<void>;
}
