/**
 * The entry of the script-tag build's chat core (`cryptalk-core.js`): everything `core.ts` offers, plus
 * `createWorkerBackend`, which starts `cryptalk-worker.js` from beside this file (the `worker` placement).
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
 * @returns the remote backend.
 */
export function createWorkerBackend(init: BackendInit): Promise<RemoteBackend> {
  return startWorker(new URL(WORKER_FILE, import.meta.url), init);
}
