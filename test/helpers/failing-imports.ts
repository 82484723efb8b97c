/**
 * A real failed module load for tests of lazy chunks: a module resolve hook (Node's loader, failing the way a
 * browser's chunk download does) refuses every specifier that ends in `/<file>.js` or `/<file>.ts` while it is
 * switched on, with the error `chunk download failed`. Node runs each test file in its own process, so nothing
 * loaded the module before the test switches failing on.
 *
 * @module
 */
import { register } from 'node:module';

/** The message of the error a refused load fails with (its `cause` in the typed error tests expect). */
export const CHUNK_DOWNLOAD_FAILED = 'chunk download failed';

/**
 * Registers the hook for one module file name.
 *
 * @param file - the module's file name without its extension, e.g. `sync-curves`.
 * @returns `fail(on)`: while on, every load of that module fails; `failNext(count)`: the next `count` loads fail
 *   (then they succeed again, as after a network blip); `attempts()`: how many loads were tried so far.
 * @example
 * const loads = failingImports('hpke-cipher-suite');
 * loads.fail(true); // the next import() of …/hpke-cipher-suite.js rejects
 */
export function failingImports(file: string): {
  fail(on: boolean): void;
  failNext(count: number): void;
  attempts(): number;
} {
  if (!/^[a-z0-9-]+$/.test(file)) throw new TypeError('a plain module file name');
  // [0]: failing on (1) or off (0); [1]: loads still to fail while off; [2]: loads tried
  const failing = new Int32Array(new SharedArrayBuffer(12));
  const hook = `
let failing;
export function initialize(data) { failing = data.failing; }
export async function resolve(specifier, context, next) {
  if (/\\/${file}\\.(js|ts)$/.test(specifier)) {
    Atomics.add(failing, 2, 1);
    if (Atomics.load(failing, 0) === 1) throw new Error(${JSON.stringify(CHUNK_DOWNLOAD_FAILED)});
    if (Atomics.load(failing, 1) > 0) {
      Atomics.sub(failing, 1, 1);
      throw new Error(${JSON.stringify(CHUNK_DOWNLOAD_FAILED)});
    }
  }
  return next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { failing } });
  return {
    fail: (on) => void Atomics.store(failing, 0, on ? 1 : 0),
    failNext: (count) => void Atomics.store(failing, 1, count),
    attempts: () => Atomics.load(failing, 2),
  };
}
