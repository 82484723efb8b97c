import type { RoomEvent, Unsubscribe } from './store.js';

/**
 * In-process fan-out of room events, used by the single-node engines (memory, embedded). Memory is bounded by
 * the subscriptions that exist: an entry is removed with its last listener.
 */
export class LocalFanout {
  private readonly rooms = new Map<string, Set<(e: RoomEvent) => void>>();

  /** Adds a listener for one room. */
  subscribe(room: string, listener: (e: RoomEvent) => void): Unsubscribe {
    let set = this.rooms.get(room);
    if (!set) {
      set = new Set();
      this.rooms.set(room, set);
    }
    set.add(listener);
    return () => {
      const s = this.rooms.get(room);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) this.rooms.delete(room);
    };
  }

  /**
   * Calls every listener of the room. A listener's exception never reaches the publisher. Iterates the live set
   * (no copy per event): a listener that unsubscribes during the call is simply not visited again, and
   * listeners are only added from asynchronous joins, never from inside a listener.
   */
  emit(room: string, event: RoomEvent): void {
    const set = this.rooms.get(room);
    if (!set) return;
    for (const l of set) {
      try {
        l(event);
      } catch {
        // a listener's failure is its own connection's problem
      }
    }
  }

  /** Number of rooms with listeners. */
  get size(): number {
    return this.rooms.size;
  }
}
