/**
 * Loads the escrow chunk once, on demand. Tiny and free of Lit, ethers and the SDK: the chat core (or a host
 * page) can import it without growing.
 * @module
 */

import { loadChunk } from '../internal/load-chunk.js';

/** The escrow chunk's file name, beside `cryptalk.js` and `cryptalk-core.js` (see widget/rollup.widget.mjs). */
export const ESCROW_FILE = 'cryptalk-escrow.js';

/** What the escrow chunk exports (see `widget/src/escrow/chunk.ts`). */
export type EscrowChunk = typeof import('./chunk.js');

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
  return loadChunk<EscrowChunk>(ESCROW_FILE, base);
}
