/**
 * Creates or upgrades the store's IndexedDB schema with Dexie 4: loaded (a lazy chunk in bundles that split)
 * only when `DexieEngine.open` finds a database that is missing or not at the current schema, which is the
 * first open on a device and the first after an upgrade of the schema.
 *
 * @module
 */
import { Dexie } from 'dexie/dist/modern/dexie.mjs';
import { SCHEMA_VERSIONS } from './schema.js';

/**
 * Opens the IndexedDB database `name` with Dexie at the current schema version, which creates it or runs the
 * upgrades it has not seen, then closes Dexie's connection.
 *
 * @throws whatever Dexie's `open()` rejects with (the engine reports it as STORE_UNAVAILABLE).
 */
export async function prepareSchema(name: string): Promise<void> {
  const db = new Dexie(name);
  SCHEMA_VERSIONS.forEach((schema, i) => {
    db.version(i + 1).stores(schema);
  });
  try {
    await db.open();
  } finally {
    db.close();
  }
}
