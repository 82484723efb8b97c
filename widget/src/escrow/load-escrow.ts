/**
 * Loads the escrow chunk once, on demand. Tiny and free of Lit, ethers and the SDK: the chat core (or a host
 * page) can import it without growing.
 * @module
 */

/** The escrow chunk's file name, beside `cryptalk.js` and `cryptalk-core.js` (see widget/rollup.widget.mjs). */
export const ESCROW_FILE = 'cryptalk-escrow.js';

/** What the escrow chunk exports (see `widget/src/escrow/chunk.ts`). */
export type EscrowChunk = typeof import('./chunk.js');

const loads = new Map<string, Promise<EscrowChunk>>();

/**
 * Imports `cryptalk-escrow.js` from beside `base` (once per URL), which defines `<cryptalk-escrow-card>`.
 * A same-origin module `import()`, so it works under `script-src 'self'`.
 *
 * @param base - the URL the chunk sits beside, e.g. the core's `import.meta.url` or the loader's `src`.
 * @returns the chunk's exports.
 * @example
 * if (isEscrowOfferText(text)) await loadEscrowChunk(import.meta.url);
 */
export function loadEscrowChunk(base: string | URL): Promise<EscrowChunk> {
  const url = new URL(ESCROW_FILE, base).href;
  let load = loads.get(url);
  if (!load) {
    load = import(/* @vite-ignore */ url) as Promise<EscrowChunk>;
    load.catch(() => loads.delete(url));
    loads.set(url, load);
  }
  return load;
}
