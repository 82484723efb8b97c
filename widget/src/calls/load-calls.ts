/**
 * Loads the calls chunk once, on demand (when a call starts or rings). Tiny and free of Lit and the SDK: the
 * chat core can import it without growing.
 * @module
 */

import { loadChunk } from '../internal/load-chunk.js';

/** The calls chunk's file name, beside `cryptalk.js` and `cryptalk-core.js` (see widget/rollup.widget.mjs). */
export const CALLS_FILE = 'cryptalk-calls.js';

/** What the calls chunk exports (see `widget/src/calls/chunk.ts`). */
export type CallsChunk = typeof import('./chunk.js');

/**
 * Imports `cryptalk-calls.js` from beside `base` (once per URL), which defines `<cryptalk-call-button>`,
 * `<cryptalk-incoming-call>`, `<cryptalk-call-view>` and `<cryptalk-device-picker>`. A same-origin module
 * `import()`, so it works under `script-src 'self'`.
 *
 * @param base - the URL the chunk sits beside, e.g. the core's `import.meta.url`.
 * @returns the chunk's exports.
 * @example
 * backend.onIncomingCall(async (room, ring) => {
 *   await loadCallsChunk(import.meta.url);
 *   panel.append(Object.assign(document.createElement('cryptalk-incoming-call'), { call: ring }));
 * });
 */
export function loadCallsChunk(base: string | URL): Promise<CallsChunk> {
  return loadChunk<CallsChunk>(CALLS_FILE, base);
}
