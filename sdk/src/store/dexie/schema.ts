/**
 * The IndexedDB schema of the browser store, in Dexie's syntax, and the check that an open database already
 * has it.
 *
 * Dexie creates and upgrades the schema (`dexie-schema.ts`, a lazy chunk in bundles that split); the store's
 * transactions run on the native API (`idb-transaction.ts`). So only a database that must be created or
 * upgraded needs Dexie: {@link installedSchemaMatches} tells an open database that is already at the current
 * schema, which the engine then uses as it is.
 *
 * Object stores (Dexie schema version 2): `meta` (the plaintext `StoreMeta` under id `meta`), `keys` (an
 * optional non-extractable `CryptoKey` under id `device`), and one store per table keyed by the blind `pk`
 * with these indexes: messages `[room+offset]`, `exp`, `ts`; outbox `[room+seq]`, `seq`; attachments and
 * messageKeys `room`, `msg`, `exp`. Version 1 also indexed messages by `msg`, which nothing queries (a
 * message's primary key already is its blind id): version 2 drops it, one index write less per message.
 *
 * @module
 */
import type { TableName } from '../engine.js';

/** Object store name → Dexie's schema string: the primary key path, then the indexes. */
export type DexieSchema = Readonly<Record<TableName | 'meta' | 'keys', string>>;

/** Schema version 1. */
export const SCHEMA_V1: DexieSchema = {
  meta: 'id',
  keys: 'id',
  identity: 'pk',
  sessions: 'pk',
  rooms: 'pk',
  messages: 'pk, [room+offset], msg, exp, ts',
  outbox: 'pk, [room+seq], seq',
  attachments: 'pk, room, msg, exp',
  messageKeys: 'pk, room, msg, exp',
  kv: 'pk',
};

/** Schema version 2: messages lose the unused `msg` index. */
export const SCHEMA_V2: DexieSchema = {
  ...SCHEMA_V1,
  messages: 'pk, [room+offset], exp, ts',
};

/** The schema versions, oldest first: Dexie upgrades a database through each one it has not seen. */
export const SCHEMA_VERSIONS: readonly DexieSchema[] = [SCHEMA_V1, SCHEMA_V2];

/** The native version of schema version `v` (Dexie multiplies by 10; it adds 1 for each schema patch). */
const nativeVersion = (v: number): number => v * 10;

/** One index of a schema string: its name and key path (`[a+b]` is the compound path `['a', 'b']`). */
function parseIndex(spec: string): { name: string; keyPath: string | string[] } {
  if (/^\[[\w+]+\]$/.test(spec)) return { name: spec, keyPath: spec.slice(1, -1).split('+') };
  // the schemas above use plain key paths only: a `&` (unique), `*` (multi-entry) or `++` (auto-increment)
  // would need checking here too
  if (!/^\w+$/.test(spec)) throw new TypeError(`unsupported index syntax in the store schema: ${spec}`);
  return { name: spec, keyPath: spec };
}

const samePath = (a: string | string[] | null, b: string | string[]): boolean =>
  Array.isArray(b) ? Array.isArray(a) && a.join('+') === b.join('+') : a === b;

/**
 * Whether `db` (an open connection) already has the current schema, so the store can use it as it is: a native
 * version of the current schema or later, and every object store with its primary key path and every index
 * with its key path, none unique or multi-entry. Extra stores and indexes are allowed, as Dexie allows them: a
 * database a later build upgraded (a rollback, an older widget on the same origin) keeps working when it still
 * has what this build reads and writes. An older version (schema 1 still has the `msg` index, and its version
 * is below) or a missing store or index means Dexie has work to do.
 */
export function installedSchemaMatches(db: IDBDatabase): boolean {
  if (db.version < nativeVersion(SCHEMA_VERSIONS.length)) return false;
  const schema = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1] as DexieSchema;
  const names = Object.keys(schema);
  if (!names.every((n) => db.objectStoreNames.contains(n))) return false;
  const trans = db.transaction(names, 'readonly'); // issues no request: it ends on its own
  return names.every((n) => {
    const [primary = '', ...indexes] = (schema[n as keyof DexieSchema] as string)
      .split(',')
      .map((s) => s.trim());
    const store = trans.objectStore(n);
    if (!samePath(store.keyPath, parseIndex(primary).keyPath) || store.autoIncrement) return false;
    return indexes.every((spec) => {
      const want = parseIndex(spec);
      if (!store.indexNames.contains(want.name)) return false;
      const index = store.index(want.name);
      return samePath(index.keyPath, want.keyPath) && !index.unique && !index.multiEntry;
    });
  });
}
