/**
 * Online/offline detection. In browsers and Workers it follows `navigator.onLine` and the `online`/`offline`
 * events of the global scope; where there is no such signal (Node, Deno, Bun) it is always online, and the
 * reconnect policy alone decides when to try again.
 *
 * @module
 */

/** Tells whether the platform believes the network is reachable, and when that changes. */
export interface OnlineMonitor {
  /** The current belief (`navigator.onLine`); `true` where the platform cannot tell. */
  readonly online: boolean;
  /**
   * Calls `listener` with the new value whenever it changes.
   * @returns a function that removes the listener.
   */
  subscribe(listener: (online: boolean) => void): () => void;
}

/** What {@link createOnlineMonitor} reads: a global scope with `navigator.onLine` and online/offline events. */
export interface OnlineScope {
  readonly navigator?: { readonly onLine?: unknown };
  addEventListener?(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener?(type: 'online' | 'offline', listener: () => void): void;
}

/** A monitor that is always online and never changes (Node, tests). */
export const ALWAYS_ONLINE: OnlineMonitor = Object.freeze({
  online: true,
  subscribe: () => () => {},
});

/**
 * A monitor for the given scope (default `globalThis`): browser/Worker semantics when the scope has a boolean
 * `navigator.onLine` and `addEventListener`, otherwise {@link ALWAYS_ONLINE}.
 *
 * @param scope - the global scope to watch.
 * @example
 * ```ts
 * const online = createOnlineMonitor();
 * online.subscribe((up) => up && reconnector.kick());
 * ```
 */
export function createOnlineMonitor(scope: OnlineScope = globalThis as OnlineScope): OnlineMonitor {
  const nav = scope.navigator;
  if (typeof nav?.onLine !== 'boolean' || typeof scope.addEventListener !== 'function') return ALWAYS_ONLINE;
  return {
    get online(): boolean {
      return scope.navigator?.onLine !== false;
    },
    subscribe(listener: (online: boolean) => void): () => void {
      const up = () => listener(true);
      const down = () => listener(false);
      scope.addEventListener?.('online', up);
      scope.addEventListener?.('offline', down);
      return () => {
        scope.removeEventListener?.('online', up);
        scope.removeEventListener?.('offline', down);
      };
    },
  };
}
