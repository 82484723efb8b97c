/**
 * Loading a lazy chunk again after a failed download, for callers that cannot leave the retry to a later call.
 * In the crypto core, the SDK's lowest layer, which has most of the lazy loaders, so the layers above can use it.
 *
 * @module
 */

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
