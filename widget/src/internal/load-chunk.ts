/**
 * Loads a lazy chunk of the script-tag build once per URL, on demand. A same-origin module `import()`, so it
 * works under `script-src 'self'`; a failed load is forgotten so the next call tries again.
 *
 * @module
 */

const loads = new Map<string, Promise<unknown>>();

/**
 * Imports `file` from beside `base` (once per resolved URL).
 * @param file - the chunk's file name, e.g. `cryptalk-calls.js`.
 * @param base - the URL the chunk sits beside, e.g. the core's `import.meta.url` or the loader's `src`.
 * @returns the chunk's module.
 */
export function loadChunk<T>(file: string, base: string | URL): Promise<T> {
  const url = new URL(file, base).href;
  let load = loads.get(url);
  if (!load) {
    load = import(/* @vite-ignore */ url);
    load.catch(() => loads.delete(url));
    loads.set(url, load);
  }
  return load as Promise<T>;
}
