/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/**
 * A small typed event emitter that works the same in browsers, Workers and Node. A listener that throws does
 * not stop the others; the error is handed to `onListenerError`.
 */
export class TypedEmitter<E extends { [K in keyof E]: unknown }> {
  private readonly listeners = new Map<keyof E, Set<(payload: never) => void>>();

  /**
   * @param onListenerError - called with whatever a listener throws.
   */
  constructor(private readonly onListenerError: (err: unknown) => void = () => {}) {}

  /**
   * Adds a listener.
   * @returns a function that removes it.
   */
  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => this.off(event, listener);
  }

  /** Adds a listener that runs at most once. */
  once<K extends keyof E>(event: K, listener: (payload: E[K]) => void): Unsubscribe {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Removes a listener. */
  off<K extends keyof E>(event: K, listener: (payload: E[K]) => void): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `event` with `payload`. */
  protected emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: E[K]) => void)(payload);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
