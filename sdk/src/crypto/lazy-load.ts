/**
 * The SDK's lazy chunks: one shared load per chunk that a failure does not poison ({@link loadOnce}), and a
 * load tried again after a failed download for callers that cannot leave the retry to a later call
 * ({@link loadWithRetries}). In the crypto core, the SDK's lowest layer, which has most of the lazy loaders, so
 * the layers above can use it too.
 *
 * @module
 */

/**
 * A loader that runs `load` on its first call and gives every caller the same promise, until that load fails:
 * a failure is forgotten, so the next call starts a new load (a failed `import()` is fetched again).
 *
 * @param load - starts the load, e.g. `() => import('./chunk.js')` (bundlers split at that `import()`).
 * @param fail - what a failure rejects with, from its cause (a typed error); the cause itself when absent.
 * @returns the loader.
 * @example
 * const loadTransfer = loadOnce(() => import('./transfer.js'), (cause) => new AttachmentError('ATTACHMENT_NETWORK', 'not loaded', { cause }));
 */
export function loadOnce<T>(load: () => Promise<T>, fail?: (cause: unknown) => unknown): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw fail ? fail(cause) : cause;
    });
    return loading;
  };
}

/**
 * Calls `load` until it resolves, waiting each of `delaysMs` in turn after a failure; once they are used up, the
 * last failure is thrown. For a lazy chunk whose failed download (a network blip) would otherwise cost more than
 * a wait: a skipped commit, or a store that cannot be created.
 *
 * @param load - the load to try (each call must start a new attempt, as a failed `import()` does).
 * @param delaysMs - the waits before the second, third… attempt.
 * @returns what `load` resolved with.
 * @example
 * const mod = await loadWithRetries(() => import('./chunk.js'), [250, 1000]);
 */
export async function loadWithRetries<T>(load: () => Promise<T>, delaysMs: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (err) {
      const delay = delaysMs[attempt];
      if (delay === undefined) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
