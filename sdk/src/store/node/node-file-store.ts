/**
 * The Node store: the sealed layer over a {@link FileEngine} (append-only log with compaction, fsync).
 *
 * @module
 */
import { openSealedStore } from '../sealed-store.js';
import type { Store, StoreOptions } from '../store.js';
import { FileEngine, type FileEngineOptions } from './file-engine.js';

/** Options of {@link openNodeFileStore}: where, how durable, and how it is unlocked. */
export type NodeFileStoreOptions = StoreOptions & FileEngineOptions;

/**
 * Opens (or creates) an encrypted store in a folder.
 *
 * @throws StoreError STORE_WRONG_PASSPHRASE, STORE_LOCKED, STORE_UNAVAILABLE, and the errors of `openSealedStore`.
 * @example
 * const store = await openNodeFileStore({ dir: './bot-data', passphrase: process.env.BOT_PASSPHRASE! });
 */
export async function openNodeFileStore(options: NodeFileStoreOptions): Promise<Store> {
  const { dir, durability, compactMinBytes, ...rest } = options;
  const engine = await FileEngine.open({
    dir,
    ...(durability ? { durability } : {}),
    ...(compactMinBytes !== undefined ? { compactMinBytes } : {}),
  });
  return openSealedStore(engine, rest as StoreOptions);
}
