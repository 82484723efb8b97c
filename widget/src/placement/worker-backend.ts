/**
 * The page side of the `worker` placement: starts the dedicated module Worker and returns a
 * {@link RemoteBackend} connected to the backend it serves.
 *
 * @module
 */

import { type MessagePortLike, portChannel } from '@cryptalk/sdk/remote';
import type { BackendInit } from './backend-schema.js';
import { RemoteBackend } from './remote-backend.js';
import { workerNameFor } from './worker-name.js';

export { WORKER_FILE } from './early-worker.js';

/** How long the Worker may take to start and answer `hello`, in ms. */
export const WORKER_START_TIMEOUT_MS = 15_000;

/**
 * Starts the Worker at `url` (same origin as the page's script, so `worker-src 'self'` allows it) and
 * connects to the chat backend inside it: the `worker` placement, where keys, plaintext and the SDK's
 * storage stay off the page's main thread (docs/security.md).
 *
 * The script-tag build does this by itself. An app that bundles the widget and registers the element with
 * `@cryptalk/widget/define` serves the package's Worker script (`@cryptalk/widget/worker`, the file
 * `dist/cryptalk-worker.js`) from its own origin and hands the backend to the element; without it the
 * element runs the SDK on the page's thread (the `same` placement).
 *
 * @param url - the Worker script's URL (`cryptalk-worker.js` beside the core, or where the app serves it).
 * @param init - the relay's URL, the base of invite links and, optionally, `persist`.
 * @param options - `worker`: the Worker of `url`, already started (its messages are queued until now); a
 *   new one is started when absent.
 * @returns the backend, once the Worker answered; `close()` ends the Worker.
 * @throws Error when the Worker cannot start (a CSP without `worker-src`, a missing file) or does not answer
 *   within {@link WORKER_START_TIMEOUT_MS}.
 * @example
 * ```ts
 * import '@cryptalk/widget/define';
 * import { createWorkerBackend } from '@cryptalk/widget';
 * // Vite; or copy dist/cryptalk-worker.js yourself, with the lazy cryptalk-worker-*.js chunks beside it
 * import workerUrl from '@cryptalk/widget/worker?url';
 *
 * const chat = document.querySelector('cryptalk-chat')!;
 * chat.backend = await createWorkerBackend(new URL(workerUrl, location.href), {
 *   relay: 'wss://relay.example',
 *   inviteBase: location.href,
 * });
 * ```
 */
export async function createWorkerBackend(
  url: string | URL,
  init: BackendInit,
  options: { worker?: Worker } = {},
): Promise<RemoteBackend> {
  const worker = options.worker ?? new Worker(url, { type: 'module', name: workerNameFor(init) });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', () => reject(new Error('the CrypTalk worker failed to start')), {
      once: true,
    });
  });
  const channel = portChannel(worker as unknown as MessagePortLike, { onClose: () => worker.terminate() });
  try {
    return await Promise.race([
      RemoteBackend.connect(channel, init, { timeoutMs: WORKER_START_TIMEOUT_MS }),
      failed,
    ]);
  } catch (err) {
    channel.close();
    throw err;
  }
}
