/**
 * Where LiveKit's end-to-end media encryption Worker lives in the script-tag build: `cryptalk-e2ee-worker.js`,
 * built from `livekit-client/e2ee-worker` by widget/rollup.widget.mjs and served beside `cryptalk.js` and the
 * calls chunk, so it starts under `worker-src 'self'` (or `script-src 'self'`) like the widget's other files.
 * @module
 */

/** The E2EE Worker's file name, beside the calls chunk (see widget/rollup.widget.mjs). */
export const E2EE_WORKER_FILE = 'cryptalk-e2ee-worker.js';

/**
 * The URL of LiveKit's E2EE Worker beside `base`.
 *
 * @param base - the URL the Worker sits beside. @default the calls chunk's own URL (`import.meta.url`), which
 * is right in the script-tag build only; bundler users pass their own or use LiveKit's
 * `new Worker(new URL('livekit-client/e2ee-worker', import.meta.url))`.
 * @returns the Worker's URL.
 * @example
 * const worker = new Worker(e2eeWorkerUrl(), { type: 'module' });
 */
export function e2eeWorkerUrl(base: string | URL = import.meta.url): URL {
  return new URL(E2EE_WORKER_FILE, base);
}

/**
 * Starts LiveKit's E2EE Worker from beside `base`: the default `e2eeWorker()` factory of the script-tag
 * build. The file is a plain script, so it also runs as a classic Worker.
 *
 * @param base - as for {@link e2eeWorkerUrl}.
 * @returns the Worker, for `new ExternalE2EEKeyProvider()` + `{ e2ee: { keyProvider, worker } }`.
 */
export function createE2eeWorker(base: string | URL = import.meta.url): Worker {
  return new Worker(e2eeWorkerUrl(base), { type: 'module', name: 'cryptalk-e2ee' });
}
