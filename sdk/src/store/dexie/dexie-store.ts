/**
 * The browser store: the sealed layer over IndexedDB through Dexie.
 *
 * @module
 */
import { StoreError } from '../errors.js';
import type { StoreKeySource } from '../key-wrap.js';
import { openSealedStore } from '../sealed-store.js';
import type { Store, StoreOptions } from '../store.js';
import { DexieEngine } from './dexie-engine.js';

/** Options of {@link openDexieStore}. */
export type DexieStoreOptions = Omit<StoreOptions, 'passphrase' | 'wrappingKey' | 'rawKey'> &
  (
    | StoreKeySource
    | {
        /** Wrap the database key with a non-extractable WebCrypto key kept in the same database. */
        readonly deviceKey: true;
      }
  ) & {
    /** IndexedDB database name. @default 'cryptalk' */
    readonly name?: string;
  };

/**
 * Opens (or creates) the encrypted IndexedDB store.
 *
 * @throws StoreError STORE_WRONG_PASSPHRASE, STORE_UNAVAILABLE, and the errors of `openSealedStore`.
 * @example
 * const store = await openDexieStore({ name: 'cryptalk', passphrase });
 */
export async function openDexieStore(options: DexieStoreOptions): Promise<Store> {
  const { name = 'cryptalk', ...rest } = options;
  const engine = await DexieEngine.open(name);
  let source: StoreOptions;
  if ('deviceKey' in rest) {
    const { deviceKey: _d, ...others } = rest;
    try {
      source = { ...others, wrappingKey: await engine.deviceKey() } as StoreOptions;
    } catch (cause) {
      await engine.close();
      throw StoreError.unavailable('the device key', cause);
    }
  } else {
    source = rest as StoreOptions;
  }
  return openSealedStore(engine, source);
}
