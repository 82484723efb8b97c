/**
 * The `worker` placement's Worker, started by the chat core's first lines (`cryptalk-core.js`) beside the
 * download of the UI, rather than after the UI ran: the Worker's download, parse and evaluation of the SDK
 * (≈ 0.3–0.5 s on a first open) then overlap the UI's. The UI's `createWorkerBackend` takes it over.
 *
 * @module
 */
import { parsePersist } from './placement.js';
import { workerNameFor } from './worker-name.js';

/** File name of the Worker's script, beside the chat core. */
export const WORKER_FILE = 'cryptalk-worker.js';

/** An early Worker nobody took over within this long (a prefetch on hover, no open) is ended, in ms. */
export const EARLY_WORKER_IDLE_MS = 30_000;

/** The element attributes that decide whether a chat will run its SDK in the Worker. */
export interface ChatLike {
  getAttribute(name: string): string | null;
  readonly backend?: unknown;
}

/** The early Worker; `spent` once taken (or ended), so that a second load of the core starts none. */
let early: { worker: Worker; failed: boolean; timer: ReturnType<typeof setTimeout> } | 'spent' | undefined;

/**
 * Whether `chat` will start the `worker` placement's Worker: a ws(s) relay (not the `memory:` demo), the
 * `worker` placement (the attribute absent, `worker` or unknown, as `parsePlacement` reads it), and no backend
 * set by the page.
 * @param chat - the `<cryptalk-chat>` element, if any.
 */
export function wantsWorker(chat: ChatLike | null | undefined): boolean {
  if (!chat || chat.backend !== undefined) return false;
  const placement = chat.getAttribute('placement');
  return (
    /^wss?:\/\//i.test(chat.getAttribute('relay') ?? '') && placement !== 'same' && placement !== 'frame'
  );
}

/**
 * Starts the Worker at `url` when the page's first `<cryptalk-chat>` will use it (see {@link wantsWorker}),
 * once. Never throws: where the Worker cannot start (a CSP without `worker-src`), the UI falls back as usual.
 * @param url - the Worker script's URL (beside the core).
 * @param chat - the element that decides. @default the page's first `<cryptalk-chat>`
 */
export function startEarlyWorker(
  url: URL,
  chat: ChatLike | null | undefined = globalThis.document?.querySelector('cryptalk-chat'),
): void {
  if (early || typeof Worker === 'undefined' || !wantsWorker(chat)) return;
  try {
    const name = workerNameFor({
      relay: chat?.getAttribute('relay') ?? '',
      persist: parsePersist(chat?.getAttribute('persist')),
    });
    const worker = new Worker(url, { type: 'module', name });
    const timer = setTimeout(() => takeEarlyWorker()?.terminate(), EARLY_WORKER_IDLE_MS);
    const started = { worker, failed: false, timer };
    worker.addEventListener('error', () => {
      started.failed = true;
    });
    early = started;
  } catch {
    // the platform refused the Worker: the UI tries again and falls back to the page's thread
  }
}

/**
 * Takes over the early Worker, if one started and has not failed; later calls get `undefined`.
 * @returns the Worker (its messages are queued until the taker listens), or `undefined`.
 */
export function takeEarlyWorker(): Worker | undefined {
  const taken = early;
  if (taken === undefined || taken === 'spent') return undefined;
  early = 'spent';
  clearTimeout(taken.timer);
  if (taken.failed) {
    taken.worker.terminate();
    return undefined;
  }
  return taken.worker;
}
