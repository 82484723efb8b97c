/**
 * Runs the shared store suite without a test framework (inside a Worker), collecting one result per test.
 *
 * @module
 */
import { type StoreHarness, storeBehaviorSuite } from '../store.behavior.js';

/** The outcome of one test. */
export interface SuiteResult {
  /** Test name. */
  readonly name: string;
  /** Passed? */
  readonly ok: boolean;
  /** Failure message. */
  readonly error?: string;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    return a.every((v, i) => v === b[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Runs every test of the shared suite in order and returns the results. */
export async function runStoreSuite(h: StoreHarness): Promise<SuiteResult[]> {
  const tests: Array<{ name: string; fn: () => Promise<void> }> = [];
  storeBehaviorSuite(h, (name, fn) => tests.push({ name, fn }), {
    ok(value, message) {
      if (!value) throw new Error(message ?? 'expected a truthy value');
    },
    deepEqual(actual, expected, message) {
      if (!deepEqual(actual, expected)) throw new Error(message ?? 'values differ');
    },
  });
  const results: SuiteResult[] = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, ok: true });
    } catch (e) {
      results.push({
        name: t.name,
        ok: false,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    }
  }
  return results;
}
