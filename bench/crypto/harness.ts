/**
 * A tiny timing harness: runs an operation until a time budget is spent and reports ops/s and ms/op.
 * Figures only; nothing here asserts.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';

/** One measured row. */
export interface Row {
  /** What was measured. */
  name: string;
  /** Operations per second. */
  opsPerSec: number;
  /** Milliseconds per operation. */
  msPerOp: number;
  /** Iterations run. */
  iterations: number;
  /**
   * Process CPU time per operation in ms (all threads, so WebCrypto's worker threads count too). Less
   * sensitive than `msPerOp` to other processes competing for the cores.
   */
  cpuMsPerOp?: number;
  /** Free text: ratio vs node:crypto, target, notes. */
  note?: string;
}

/** Options of {@link measure}. */
export interface MeasureOptions {
  /** Time budget in ms. @default 400 */
  budgetMs?: number;
  /** Most iterations. @default 1e6 */
  maxIterations?: number;
  /** Fewest iterations, even past the budget. @default 1 */
  minIterations?: number;
  /**
   * Time spent running the operation before measuring, so that the figure is the steady state (optimised code,
   * a settled heap) rather than V8's warm-up. @default a quarter of the budget
   */
  warmupMs?: number;
}

/** Measures a synchronous or asynchronous operation. */
export async function measure(name: string, fn: () => unknown, options: MeasureOptions = {}): Promise<Row> {
  const budget = options.budgetMs ?? 400;
  const max = options.maxIterations ?? 1_000_000;
  const min = options.minIterations ?? 1;
  const warmup = options.warmupMs ?? budget / 4;
  const warmStart = performance.now();
  do {
    const r = fn();
    if (r instanceof Promise) await r;
  } while (performance.now() - warmStart < warmup);
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (n < max && (n < min || now - start < budget)) {
    const r = fn();
    if (r instanceof Promise) await r;
    n++;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const ms = (now - start) / n;
  return { name, opsPerSec: 1000 / ms, msPerOp: ms, iterations: n, cpuMsPerOp: cpuMs(cpu) / n };
}

/** Milliseconds of a `process.cpuUsage()` delta (user + system). */
export function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/**
 * Whether a row meets a time target, by wall clock and by CPU time (on a shared machine the CPU figure is the
 * fairer one; both are printed).
 */
export function verdict(row: Row, targetMs: number, label: string): string {
  const by = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms <= targetMs ? 'met' : 'NOT met');
  return `${label}: wall ${by(row.msPerOp)}, cpu ${by(row.cpuMsPerOp)}`;
}

/** "ours / node" as a ratio string (above 1 means ours is faster). */
export function ratio(ours: Row, node: Row): string {
  return `${(ours.opsPerSec / node.opsPerSec).toFixed(2)}x node:crypto (${fmt(node.opsPerSec)} ops/s)`;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Row[]): void {
  const lines = rows.map((r) => [
    r.name,
    fmt(r.opsPerSec),
    r.msPerOp.toFixed(3),
    r.cpuMsPerOp === undefined ? '' : r.cpuMsPerOp.toFixed(3),
    String(r.iterations),
    r.note ?? '',
  ]);
  const head = ['operation', 'ops/s', 'ms/op', 'cpu ms/op', 'iters', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const row = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ');
  process.stdout.write(`\n${title}\n${row(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const l of lines) process.stdout.write(`${row(l)}\n`);
}
