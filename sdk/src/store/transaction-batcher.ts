/**
 * Group commit for a {@link StorageEngine}: the sealed store's top-level operations and `transaction()` calls
 * issued while an engine transaction is being written, or in the same tick, share one engine transaction.
 * IndexedDB pays a commit (and the file engine an `fdatasync`) per transaction, so many small writes from
 * independent callers (the outbox, every room's persist, receipts, acks) cost one commit instead of one each.
 *
 * Semantics, relied on by the client and tested in `store.behavior.ts` and `transaction-batcher.test.ts`:
 * - **Each caller's promise settles only after the engine transaction holding its operation committed** (for
 *   the file engine with `fsync` durability: once on disk). Nothing resolves early.
 * - **Order**: operations run, and commit, in call order. A read issued after a write sees it: a read that
 *   finds writes waiting for the next batch joins that batch (it runs inside it, after them); otherwise it runs
 *   at once in its own read-only transaction, which the engine orders after every transaction already begun.
 * - **Atomicity per caller**: a batch commits all its operations or none. When one operation throws, the
 *   engine transaction is rolled back, that caller gets its error, and the other operations of the batch run
 *   again in a new transaction without it. An operation function may therefore run more than once; it must
 *   only read and write through the transaction it is given (as `Store.transaction` already requires).
 * - **Crash**: a crash before a batch commits loses the whole batch, and no caller of it was told it was
 *   stored; a batch that committed is complete. There is never a partial batch on disk.
 * - At most {@link STORE_MAX_BATCH_OPS} operations share a transaction; one batch is written at a time, the
 *   next collects meanwhile (its size follows the engine's commit latency).
 *
 * @module
 */
import type { EngineTx, StorageEngine } from './engine.js';
import { STORE_MAX_BATCH_OPS } from './limits.js';

/** One queued operation. */
interface BatchOp {
  readonly fn: (tx: EngineTx) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Queues engine operations and runs them in shared read-write transactions (see the module doc).
 *
 * @example
 * const batcher = new TransactionBatcher(engine);
 * await Promise.all([batcher.run('rw', (tx) => tx.put('kv', [a])), batcher.run('rw', (tx) => tx.put('kv', [b]))]);
 * // one engine transaction held both puts
 */
export class TransactionBatcher {
  readonly #engine: StorageEngine;
  readonly #maxOps: number;
  #pending: BatchOp[] = [];
  #writing: Promise<void> | undefined;
  #scheduled = false;
  /** Engine transactions written, for tests and diagnostics. */
  #commits = 0;

  /**
   * @param engine - the engine to write through.
   * @param maxOps - operations per engine transaction at most. @default STORE_MAX_BATCH_OPS
   */
  constructor(engine: StorageEngine, maxOps: number = STORE_MAX_BATCH_OPS) {
    if (!Number.isInteger(maxOps) || maxOps < 1) throw new RangeError('maxOps must be a positive integer');
    this.#engine = engine;
    this.#maxOps = maxOps;
  }

  /** Batched engine transactions committed so far. */
  get commits(): number {
    return this.#commits;
  }

  /** Whether nothing is queued or being written. */
  get idle(): boolean {
    return this.#pending.length === 0 && this.#writing === undefined;
  }

  /**
   * Runs `fn` in an engine transaction. Read-write operations join the next batch; a read joins it only when
   * writes are queued, else it runs in its own read-only transaction.
   */
  run<R>(mode: 'r' | 'rw', fn: (tx: EngineTx) => Promise<R>): Promise<R> {
    if (mode === 'r' && this.#pending.length === 0) return this.#engine.run('r', fn);
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once everything queued so far has been written (or failed). */
  async drain(): Promise<void> {
    while (this.#writing || this.#pending.length > 0) {
      if (this.#writing) await this.#writing;
      else await Promise.resolve();
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#writing) return;
    this.#scheduled = true;
    // A microtask later: every operation issued in the same synchronous run (a loop of puts) joins this batch.
    queueMicrotask(() => {
      this.#scheduled = false;
      if (!this.#writing && this.#pending.length > 0) this.#writing = this.#writeAll();
    });
  }

  /** Writes batches until nothing is queued; operations arriving meanwhile form the next batch. */
  async #writeAll(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const ops = this.#pending.splice(0, this.#maxOps);
        await this.#write(ops);
      }
    } finally {
      this.#writing = undefined;
    }
  }

  /** Writes one batch; when an operation throws, fails it alone and writes the others again. */
  async #write(ops: BatchOp[]): Promise<void> {
    let batch = ops;
    while (batch.length > 0) {
      const results: unknown[] = [];
      // Which operation threw (engines may wrap the error that aborts their transaction).
      let failed: { op: BatchOp; error: unknown } | undefined;
      const current = batch;
      try {
        await this.#engine.run('rw', async (tx) => {
          for (const op of current) {
            try {
              results.push(await op.fn(tx));
            } catch (error) {
              failed = { op, error };
              throw error;
            }
          }
        });
      } catch (err) {
        const f = failed as { op: BatchOp; error: unknown } | undefined;
        if (f) {
          f.op.reject(f.error);
          batch = batch.filter((op) => op !== f.op);
          continue;
        }
        for (const op of batch) op.reject(err);
        return;
      }
      this.#commits++;
      batch.forEach((op, i) => {
        op.resolve(results[i]);
      });
      return;
    }
  }
}
