/**
 * Plain data: what may cross a remote channel. The structured-clone algorithm copies much more (Maps, Dates,
 * class instances lose their prototype…); the remote interface accepts only this subset, so both sides see the
 * same values whatever the placement.
 *
 * @module
 */
import { RemoteError } from './errors.js';
import { REMOTE_MAX_DEPTH, REMOTE_MAX_NODES } from './limits.js';

/** Plain, structured-clone-safe data. */
export type PlainData =
  | null
  | undefined
  | boolean
  | number
  | string
  | Uint8Array
  | readonly PlainData[]
  | { readonly [key: string]: PlainData };

/**
 * Checks that `value` is {@link PlainData}: primitives (no symbols, functions or bigints), `Uint8Array`, dense
 * or sparse arrays, and objects whose prototype is `Object.prototype` or `null`, at most
 * {@link REMOTE_MAX_DEPTH} deep and {@link REMOTE_MAX_NODES} values in all. Cycles exceed the depth.
 *
 * @throws RemoteError REMOTE_NOT_CLONEABLE naming what is wrong (never the value).
 */
export function assertPlainData(value: unknown): asserts value is PlainData {
  let nodes = 0;
  const walk = (v: unknown, depth: number): void => {
    if (++nodes > REMOTE_MAX_NODES) throw RemoteError.notCloneable(`more than ${REMOTE_MAX_NODES} values`);
    if (depth > REMOTE_MAX_DEPTH) throw RemoteError.notCloneable(`nested deeper than ${REMOTE_MAX_DEPTH}`);
    if (v === null || v === undefined) return;
    switch (typeof v) {
      case 'boolean':
      case 'number':
      case 'string':
        return;
      case 'object':
        break;
      default:
        throw RemoteError.notCloneable(`a ${typeof v}`);
    }
    if (v instanceof Uint8Array) {
      if (Object.getPrototypeOf(v) !== Uint8Array.prototype)
        throw RemoteError.notCloneable('a Uint8Array subclass');
      return;
    }
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) throw RemoteError.notCloneable('an Array subclass');
      for (const x of v) walk(x, depth + 1);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) throw RemoteError.notCloneable('a class instance');
    for (const key of Reflect.ownKeys(v as object)) {
      if (typeof key !== 'string') throw RemoteError.notCloneable('a symbol key');
      if (key === '__proto__') throw RemoteError.notCloneable('a __proto__ key');
      const desc = Object.getOwnPropertyDescriptor(v, key);
      if (!desc || !('value' in desc)) throw RemoteError.notCloneable('an accessor property');
      walk(desc.value, depth + 1);
    }
  };
  walk(value, 0);
}

/** True when `value` is {@link PlainData}. */
export function isPlainData(value: unknown): value is PlainData {
  try {
    assertPlainData(value);
    return true;
  } catch {
    return false;
  }
}
