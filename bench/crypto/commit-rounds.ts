/**
 * The add/remove commit loop shared by the Node (`groups.ts`) and Chromium (`groups-browser-entry.ts`) MLS
 * benchmarks: browser-safe (the global `performance`, no Node API; CPU time only where the caller can read it).
 *
 * @module
 */
import { createMlsMember, type MlsGroup } from '../../sdk/src/crypto/group/index.js';

/** Rounds run before the measured ones, so the commit code paths reach their optimised (JIT) steady state. */
export const WARMUP_ROUNDS = { small: 10, large: 1 } as const;
/** Measured rounds (each is one add commit and one remove commit). */
export const MEASURED_ROUNDS = { small: 15, large: 3 } as const;

/** Per-commit figures of one kind (add or remove), in ms. */
export interface CommitFigures {
  /** Wall time of each measured round. */
  wall: number[];
  /** CPU time of each measured round, where the caller measured it. */
  cpu: number[];
  /** Wall time of the very first round (before any warm-up): what a client that commits rarely pays. */
  first: number;
}

const enc = new TextEncoder();

/**
 * Adds one fresh member, then removes it, `warmup + rounds` times; each is one commit by `alice` (the other
 * members are not kept in sync). Returns the figures of the measured rounds and of the first round.
 *
 * @param cpuNow - a CPU clock in ms (Node: from `process.cpuUsage`), or none.
 */
export async function commitRounds(
  alice: MlsGroup,
  size: number,
  label: string,
  cpuNow?: () => number,
): Promise<{ add: CommitFigures; remove: CommitFigures }> {
  const large = size >= 1000;
  const warmup = large ? WARMUP_ROUNDS.large : WARMUP_ROUNDS.small;
  const rounds = large ? MEASURED_ROUNDS.large : MEASURED_ROUNDS.small;
  const out = {
    add: { wall: [] as number[], cpu: [] as number[], first: 0 },
    remove: { wall: [] as number[], cpu: [] as number[], first: 0 },
  };
  const timed = async (figures: CommitFigures, round: number, fn: () => Promise<unknown>) => {
    const c = cpuNow?.() ?? 0;
    const t = performance.now();
    await fn();
    const wall = performance.now() - t;
    const cpu = (cpuNow?.() ?? 0) - c;
    if (round === -warmup) figures.first = wall;
    if (round < 0) return;
    figures.wall.push(wall);
    if (cpuNow) figures.cpu.push(cpu);
  };
  for (let i = -warmup; i < rounds; i++) {
    const id = enc.encode(`extra-${label}-${i}`);
    const kp = (await createMlsMember(id)).encodedKeyPackage();
    await timed(out.add, i, () => alice.add([kp]));
    await timed(out.remove, i, () => alice.remove([id]));
  }
  return out;
}

/** The mean of `xs`. */
export const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
