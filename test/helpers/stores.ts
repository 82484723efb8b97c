/**
 * A sealed memory store that outlives its client, as a device's store outlives a restarted app (SDK client
 * tests of restarts): each `open()` opens the same engine data under the same key.
 * @module
 */
import {
  createMemoryEngineData,
  MemoryEngine,
  type MemoryEngineData,
  openSealedStore,
  type Store,
} from '@cryptalk/sdk/store';

/** A device's store across restarts: its raw engine data (to inspect) and a way to open it again. */
export interface ReopenableStore {
  /** The engine's tables, as the device would keep them between runs. */
  readonly data: MemoryEngineData;
  /** Opens the store over `data` (no sweep timer), as an app started again would. */
  open(): Promise<Store>;
}

/**
 * Creates an empty reopenable store.
 * @param keyByte - fills the 32-byte raw database key (distinct per device in one test).
 */
export function reopenableStore(keyByte: number): ReopenableStore {
  const data = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(keyByte);
  return { data, open: () => openSealedStore(new MemoryEngine(data), { rawKey, sweepIntervalMs: 0 }) };
}
