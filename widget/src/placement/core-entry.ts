/**
 * The script-tag build's chat UI (`cryptalk-ui.js`, loaded by the core's entry `core-start.ts`): everything
 * `core.ts` offers, plus `createWorkerBackend`, which starts `cryptalk-worker.js` from beside this file (the
 * `worker` placement) or takes over the one the entry started.
 *
 * @module
 */
import type { BackendInit } from './backend-schema.js';
import type { RemoteBackend } from './remote-backend.js';
import { createWorkerBackend as startWorker, WORKER_FILE } from './worker-backend.js';

export * from '../core.js';

/**
 * Starts the chat backend in a dedicated Worker beside the core.
 * @param init - the relay's URL and the base of invite links.
 * @param worker - that Worker, already started (by `core-start.ts`); a new one when absent.
 * @returns the remote backend.
 */
export function createWorkerBackend(init: BackendInit, worker?: Worker): Promise<RemoteBackend> {
  return startWorker(new URL(WORKER_FILE, import.meta.url), init, worker ? { worker } : {});
}
