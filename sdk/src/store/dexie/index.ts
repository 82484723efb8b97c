/**
 * The IndexedDB store (browsers and Workers), through Dexie 4: `@cryptalk/sdk/store/dexie`.
 *
 * @module
 */
export { DexieEngine } from './dexie-engine.js';
export { type DexieStoreOptions, openDexieStore } from './dexie-store.js';
