/**
 * Runs a benchmark under each crypto backend: `native` (node:crypto through the wrappers), `js` (noble
 * everywhere) and, for the asynchronous curve paths, `web` (what a browser runs: noble plus WebCrypto).
 *
 * @module
 */
import {
  activeCryptoBackend,
  nativeCryptoAvailable,
  setCryptoBackend,
} from '../../sdk/src/crypto/primitives/index.js';
import type { Row } from './harness.js';

/** A backend label as printed. */
export type BenchBackend = 'native' | 'js' | 'web';

/** The synchronous backends to compare: native (when the host has it) and js. */
export function syncBackends(): BenchBackend[] {
  return nativeCryptoAvailable() ? ['native', 'js'] : ['js'];
}

/** Switches the process to `backend`. */
export function useBench(backend: BenchBackend): void {
  setCryptoBackend(backend === 'native' ? 'auto' : backend);
  const want = backend === 'native' ? 'native' : 'js';
  if (activeCryptoBackend() !== want) throw new Error(`crypto backend ${backend} unavailable`);
}

/** Runs `fn` under each backend and labels its rows `[backend]`; restores `auto`. */
export async function underBackends(
  backends: BenchBackend[],
  fn: (backend: BenchBackend) => Promise<Row[]>,
): Promise<Row[]> {
  const rows: Row[] = [];
  try {
    for (const b of backends) {
      useBench(b);
      for (const r of await fn(b)) rows.push({ ...r, name: `${r.name} [${b}]` });
    }
  } finally {
    setCryptoBackend('auto');
  }
  return rows;
}
