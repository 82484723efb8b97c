/**
 * The entry of the script-tag chat core (`cryptalk-core.js`, which the loader imports on first open): a few
 * hundred bytes that start the `worker` placement's Worker (see `early-worker.ts`) and then load the UI —
 * Lit, the components and the way to the SDK — from `cryptalk-ui.js` beside it. The Worker's download,
 * parse and evaluation thus overlap the UI's instead of following them. Exports what `core-entry.ts` does,
 * once the UI has loaded (top-level `await`), so importing this file still defines the panel's elements.
 *
 * @module
 */
import type { ChatBackend } from '../backend/chat-backend.js';
import type { BackendInit } from './backend-schema.js';
import { startEarlyWorker, takeEarlyWorker, WORKER_FILE } from './early-worker.js';

startEarlyWorker(new URL(WORKER_FILE, import.meta.url));

// The script-tag build maps this import to `./cryptalk-ui.js` (widget/rollup.widget.mjs).
const ui = await import('./core-entry.js');

export const { createBackend, loadTranslation, loadMemoryBackend } = ui;

/**
 * Starts the chat backend in the Worker beside the core: the one started early, when there is one.
 * @param init - the relay's URL and the base of invite links.
 * @returns the remote backend.
 */
export function createWorkerBackend(init: BackendInit): Promise<ChatBackend> {
  return ui.createWorkerBackend(init, takeEarlyWorker());
}
