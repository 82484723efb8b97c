/**
 * Coalesces a stream of items (received messages) into batches applied at most once per animation frame,
 * and during a burst at most once per {@link BURST_FLUSH_INTERVAL_MS}, so 1,000 messages arriving in a few
 * seconds cost a few dozen renders rather than one per message (or per frame). A lone item still applies on
 * the next frame. While the page is hidden (no frames), a timer applies the batch instead.
 *
 * @module
 */

import { BURST_FLUSH_INTERVAL_MS } from '../limits.js';

/** Options of {@link FrameBatcher}; the scheduling hooks exist for tests. */
export interface FrameBatcherOptions {
  /** Least time between two batches, in ms. @default BURST_FLUSH_INTERVAL_MS */
  readonly minIntervalMs?: number;
  /** Delay of a batch while the page is hidden, in ms. @default BURST_FLUSH_INTERVAL_MS */
  readonly hiddenDelayMs?: number;
  /** The clock. @default performance.now */
  readonly now?: () => number;
  /** Runs a callback before the next frame. @default requestAnimationFrame */
  readonly frame?: (run: () => void) => void;
  /** Runs a callback after a delay. @default setTimeout */
  readonly timeout?: (run: () => void, ms: number) => void;
  /** Whether the page is hidden (frames do not run). @default document.hidden */
  readonly hidden?: () => boolean;
}

const hasFrames = () => typeof requestAnimationFrame === 'function';

/** Batches items for a flush callback; see the module's description. */
export class FrameBatcher<T> {
  readonly #flush: (items: T[]) => void;
  readonly #minInterval: number;
  readonly #hiddenDelay: number;
  readonly #now: () => number;
  readonly #frame: (run: () => void) => void;
  readonly #timeout: (run: () => void, ms: number) => void;
  readonly #hidden: () => boolean;
  #items: T[] = [];
  #scheduled = false;
  #last = Number.NEGATIVE_INFINITY;
  #epoch = 0;

  /**
   * @param flush - applies one batch (never empty), oldest item first.
   * @param options - intervals and scheduling hooks.
   */
  constructor(flush: (items: T[]) => void, options: FrameBatcherOptions = {}) {
    this.#flush = flush;
    this.#minInterval = options.minIntervalMs ?? BURST_FLUSH_INTERVAL_MS;
    this.#hiddenDelay = options.hiddenDelayMs ?? BURST_FLUSH_INTERVAL_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#frame = options.frame ?? ((run) => (hasFrames() ? requestAnimationFrame(run) : setTimeout(run, 0)));
    this.#timeout = options.timeout ?? ((run, ms) => setTimeout(run, ms));
    this.#hidden =
      options.hidden ?? (() => typeof document === 'undefined' || document.hidden || !hasFrames());
  }

  /** Items waiting for the next batch. */
  get size(): number {
    return this.#items.length;
  }

  /** The items waiting for the next batch, oldest first (a read-only view). */
  pending(): readonly T[] {
    return this.#items;
  }

  /**
   * Queues an item for the next batch.
   * @param item - the item.
   */
  push(item: T): void {
    this.#items.push(item);
    if (this.#scheduled) return;
    this.#scheduled = true;
    const epoch = this.#epoch;
    const run = () => {
      if (epoch === this.#epoch) this.flushNow();
    };
    const wait = this.#last + this.#minInterval - this.#now();
    if (this.#hidden()) this.#timeout(run, Math.max(wait, this.#hiddenDelay));
    else if (wait > 0) this.#timeout(() => this.#frame(run), wait);
    else this.#frame(run);
  }

  /** Applies the waiting items now (e.g. before replacing what they apply to). */
  flushNow(): void {
    this.#scheduled = false;
    this.#epoch++;
    if (!this.#items.length) return;
    this.#last = this.#now();
    const batch = this.#items;
    this.#items = [];
    this.#flush(batch);
  }

  /** Drops the waiting items and any scheduled batch. */
  clear(): void {
    this.#items = [];
    this.#scheduled = false;
    this.#epoch++;
  }
}
