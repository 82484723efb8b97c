/**
 * Test-only helper: runs a block of tests once per crypto backend (`native` = node:crypto, `js` = noble), so
 * every vector and property goes through both. On Node the native backend must exist: a missing one fails
 * the run with a message naming it, never a silent skip.
 *
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import {
  activeCryptoBackend,
  type CryptoBackend,
  nativeCryptoAvailable,
  setCryptoBackend,
} from './primitives/native.js';

/** Both backends, native first. */
export const BACKENDS: readonly CryptoBackend[] = ['native', 'js'];

/**
 * Switches the process to `backend` and checks it took effect.
 *
 * @throws AssertionError when the native backend is asked for and node:crypto is not reachable.
 */
export function useBackend(backend: CryptoBackend): void {
  if (backend === 'native')
    assert.ok(
      nativeCryptoAvailable(),
      'native crypto backend missing: process.getBuiltinModule("node:crypto") is not available (Node >= 20.16 needed)',
    );
  setCryptoBackend(backend === 'native' ? 'auto' : 'js');
  assert.equal(activeCryptoBackend(), backend);
}

/** `describe(name (backend), fn)` for each backend, restoring the default (`auto`) afterwards. */
export function describeBackends(name: string, fn: (backend: CryptoBackend) => void): void {
  for (const backend of BACKENDS) {
    describe(`${name} [${backend}]`, () => {
      before(() => useBackend(backend));
      after(() => setCryptoBackend('auto'));
      fn(backend);
    });
  }
}
