/**
 * Reconnecting: an exponential backoff with full jitter (delay = random × min(cap, base × factor^attempt)), reset
 * on success, and a small state machine that drives a `connect` function with it, pausing while offline.
 * Clock and randomness are injectable so tests run on fake timers.
 *
 * @module
 */
import { ALWAYS_ONLINE, type OnlineMonitor } from './online.js';

/** Options of {@link Backoff}. */
export interface BackoffOptions {
  /** First delay cap, ms. @default 500 */
  readonly baseMs?: number;
  /** Largest delay, ms. @default 30000 */
  readonly maxMs?: number;
  /** Growth per attempt. @default 2 */
  readonly factor?: number;
  /** Attempts before giving up (`nextDelay()` returns undefined). @default Infinity */
  readonly maxAttempts?: number;
  /** Uniform random in [0, 1). @default Math.random (jitter needs no CSPRNG) */
  readonly random?: () => number;
}

/** Default first delay cap, ms. */
export const BACKOFF_BASE_MS = 500;
/** Default largest delay, ms: long enough to spare a recovering relay, short enough for a user. */
export const BACKOFF_MAX_MS = 30_000;

/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015): spreads
 * the reconnects of many clients after a relay restart instead of synchronising them.
 */
export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly maxAttempts: number;
  private readonly random: () => number;

  /** @param options - see {@link BackoffOptions}. @throws RangeError for non-positive or inconsistent values. */
  constructor(options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? BACKOFF_BASE_MS;
    this.maxMs = options.maxMs ?? BACKOFF_MAX_MS;
    this.factor = options.factor ?? 2;
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.random = options.random ?? Math.random;
    if (
      !(this.baseMs > 0) ||
      !(this.maxMs >= this.baseMs) ||
      !(this.factor >= 1) ||
      !(this.maxAttempts >= 0)
    ) {
      throw new RangeError('backoff needs 0 < baseMs ≤ maxMs, factor ≥ 1, maxAttempts ≥ 0');
    }
  }

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The cap of the next delay (before jitter), ms. */
  get nextCap(): number {
    return Math.min(this.maxMs, this.baseMs * this.factor ** Math.min(this.attempt, 64));
  }

  /**
   * The delay before the next attempt, and counts the attempt.
   * @returns ms in [0, cap), or undefined once `maxAttempts` were used.
   */
  nextDelay(): number | undefined {
    if (this.attempt >= this.maxAttempts) return undefined;
    const cap = this.nextCap;
    this.attempt++;
    const r = this.random();
    return Math.floor(cap * (r >= 0 && r < 1 ? r : 0));
  }

  /** Back to the first delay (after a success). */
  reset(): void {
    this.attempt = 0;
  }
}

/** Timers, injectable for tests. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform timers. */
export const SYSTEM_CLOCK: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Where a {@link Reconnector} is. */
export type ReconnectState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'connected' }
  | { readonly kind: 'waiting'; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'offline' }
  | { readonly kind: 'gave-up'; readonly attempts: number }
  | { readonly kind: 'stopped' };

/** Options of a {@link Reconnector}. */
export interface ReconnectorOptions {
  /** The backoff; a fresh default one when absent. */
  readonly backoff?: Backoff;
  /** Timers. @default SYSTEM_CLOCK */
  readonly clock?: Clock;
  /** Online detection; attempts pause while offline and start at once when back online. @default ALWAYS_ONLINE */
  readonly online?: OnlineMonitor;
  /** Called on every state change. */
  readonly onState?: (state: ReconnectState) => void;
}

/**
 * Keeps a connection up: calls `connect()`; when it fails or the connection later drops ({@link disconnected}),
 * waits a backoff delay and tries again; a success resets the backoff. While offline it waits for the online
 * event instead of burning attempts.
 *
 * @example
 * ```ts
 * const r = new Reconnector(() => client.connect(), { online: createOnlineMonitor() });
 * client.on('connection', (e) => e.state === 'disconnected' && r.disconnected());
 * r.start();
 * ```
 */
export class Reconnector {
  private current: ReconnectState = { kind: 'idle' };
  private timer: unknown;
  private readonly backoff: Backoff;
  private readonly clock: Clock;
  private readonly online: OnlineMonitor;
  private unsubscribe: (() => void) | undefined;

  /**
   * @param connect - opens the connection; resolves once connected, rejects when it failed.
   * @param options - see {@link ReconnectorOptions}.
   */
  constructor(
    private readonly connect: () => Promise<void>,
    private readonly options: ReconnectorOptions = {},
  ) {
    this.backoff = options.backoff ?? new Backoff();
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.online = options.online ?? ALWAYS_ONLINE;
  }

  /** The current state. */
  get state(): ReconnectState {
    return this.current;
  }

  /** Starts connecting (no-op unless idle, stopped or gave up). */
  start(): void {
    if (this.current.kind !== 'idle' && this.current.kind !== 'stopped' && this.current.kind !== 'gave-up')
      return;
    this.unsubscribe ??= this.online.subscribe((up) => this.onOnline(up));
    this.backoff.reset();
    this.attempt();
  }

  /** Reports that an established connection dropped: schedules a reconnect. */
  disconnected(): void {
    if (this.current.kind !== 'connected') return;
    this.schedule();
  }

  /** Skips the current wait and tries now (e.g. the user pressed "retry"). */
  kick(): void {
    if (this.current.kind !== 'waiting' && this.current.kind !== 'gave-up' && this.current.kind !== 'offline')
      return;
    this.clearTimer();
    this.backoff.reset();
    this.attempt();
  }

  /** Stops: cancels any wait and ignores the outcome of an attempt in flight. */
  stop(): void {
    this.clearTimer();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.set({ kind: 'stopped' });
  }

  private onOnline(up: boolean): void {
    if (this.current.kind === 'stopped') return;
    if (up && (this.current.kind === 'offline' || this.current.kind === 'waiting')) {
      this.clearTimer();
      this.backoff.reset();
      this.attempt();
    } else if (!up && this.current.kind === 'waiting') {
      this.clearTimer();
      this.set({ kind: 'offline' });
    }
  }

  private attempt(): void {
    if (!this.online.online) {
      this.set({ kind: 'offline' });
      return;
    }
    const state: ReconnectState = { kind: 'connecting', attempt: this.backoff.attempts + 1 };
    this.set(state);
    let outcome: Promise<void>;
    try {
      outcome = this.connect();
    } catch (err) {
      outcome = Promise.reject(err);
    }
    outcome.then(
      () => {
        if (this.current !== state) return;
        this.backoff.reset();
        this.set({ kind: 'connected' });
      },
      () => {
        if (this.current !== state) return;
        this.schedule();
      },
    );
  }

  private schedule(): void {
    if (!this.online.online) {
      this.set({ kind: 'offline' });
      return;
    }
    const delayMs = this.backoff.nextDelay();
    if (delayMs === undefined) {
      this.set({ kind: 'gave-up', attempts: this.backoff.attempts });
      return;
    }
    this.set({ kind: 'waiting', attempt: this.backoff.attempts, delayMs });
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private set(state: ReconnectState): void {
    this.current = state;
    this.options.onState?.(state);
  }
}
