/**
 * A sealed memory store that outlives its client, as a device's store outlives a restarted app (SDK client
 * tests of restarts): each `open()` opens the same engine data under the same key.
 * @module
 */
import {
  createMemoryEngineData,
  MemoryEngine,
  type MemoryEngineData,
  type MessageRecord,
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

/**
 * A store that counts the message records written per message id (every `put` / `putMany`, in a transaction or
 * not): for tests that a record is written once, or never with some content.
 * @returns the wrapped store, the counts by message id, and every record written, in order.
 */
export function countingStore(store: Store): {
  store: Store;
  writes: Map<string, number>;
  written: MessageRecord[];
} {
  const writes = new Map<string, number>();
  const written: MessageRecord[] = [];
  const count = (recs: readonly MessageRecord[]) => {
    for (const r of recs) {
      writes.set(r.msgId, (writes.get(r.msgId) ?? 0) + 1);
      written.push(r);
    }
  };
  const countingMessages = (messages: Store['messages']): Store['messages'] =>
    new Proxy(messages, {
      get(m, p, r) {
        if (p === 'put')
          return (rec: MessageRecord) => {
            count([rec]);
            return m.put(rec);
          };
        if (p === 'putMany')
          return (recs: readonly MessageRecord[]) => {
            count(recs);
            return m.putMany(recs);
          };
        const v = Reflect.get(m, p, r);
        return typeof v === 'function' ? v.bind(m) : v;
      },
    });
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'messages') return countingMessages(target.messages);
      if (prop === 'transaction')
        return ((fn) =>
          target.transaction((tx) =>
            fn(
              new Proxy(tx, {
                get: (t, p, r) => (p === 'messages' ? countingMessages(t.messages) : Reflect.get(t, p, r)),
              }),
            ),
          )) as Store['transaction'];
      const v = Reflect.get(target, prop);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { store: wrapped, writes, written };
}
