/**
 * The in-memory store, for tests and ephemeral sessions: the same sealed layer as every other store, over a
 * {@link MemoryEngine}. Nothing outlives the process unless the caller keeps the engine data.
 *
 * @module
 */
import { randomBytes } from '../crypto/primitives/index.js';
import type { StoreKeySource } from './key-wrap.js';
import { createMemoryEngineData, MemoryEngine, type MemoryEngineData } from './memory-engine.js';
import { openSealedStore } from './sealed-store.js';
import type { Store, StoreOptions } from './store.js';

/** Options of {@link openMemoryStore}. */
export type MemoryStoreOptions = Partial<StoreKeySource> &
  Omit<StoreOptions, keyof StoreKeySource | 'passphrase' | 'wrappingKey' | 'rawKey'> & {
    /** Engine state to reopen (keep it from an earlier store). @default fresh */
    readonly data?: MemoryEngineData;
  };

/**
 * Opens an in-memory store. Without a key source, a random raw key is used (the data then cannot be reopened).
 *
 * @example
 * const store = await openMemoryStore();
 * await store.kv.set('theme', 'dark');
 */
export async function openMemoryStore(options: MemoryStoreOptions = {}): Promise<Store> {
  const { data, ...rest } = options;
  const source: StoreKeySource =
    'passphrase' in rest || 'wrappingKey' in rest || 'rawKey' in rest
      ? (rest as StoreKeySource)
      : { rawKey: randomBytes(32) };
  return openSealedStore(new MemoryEngine(data ?? createMemoryEngineData()), {
    sweepIntervalMs: 0,
    ...rest,
    ...source,
  } as StoreOptions);
}
