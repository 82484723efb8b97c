/** Removes a listener. */
export type Off = () => void;

/**
 * A minimal typed event emitter for the widget's backends (the SDK's own emitter is internal to it).
 * Listener errors are caught so one bad listener cannot break delivery to the others.
 */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /**
   * Adds a listener.
   * @param event - the event's name.
   * @param listener - called with the payload.
   * @returns a function that removes the listener.
   */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): Off {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /**
   * Calls every listener of `event`.
   * @param event - the event's name.
   * @param payload - its payload.
   */
  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) {
      try {
        (l as (p: Events[K]) => void)(payload);
      } catch {
        // A listener's failure is its own; the others still run.
      }
    }
  }
}
