/**
 * The values a store record may hold, and their byte encoding inside a sealed record: JSON where a
 * `Uint8Array` becomes `{"$b":"<base64>"}` (an object whose only key is `$b`, which plain data never uses as its
 * sole key because {@link assertStoredValue} rejects it).
 *
 * @module
 */
import { utf8 } from '../crypto/bytes.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { StoreError } from './errors.js';
import { STORE_MAX_VALUE_DEPTH } from './limits.js';

/** Plain data a store record may contain: JSON plus byte arrays. */
export type StoredValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | readonly StoredValue[]
  | { readonly [key: string]: StoredValue | undefined };

const BYTES_TAG = '$b';
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks that `value` is a {@link StoredValue}: finite numbers, no cycles, no class instances except
 * `Uint8Array`, depth ≤ {@link STORE_MAX_VALUE_DEPTH}.
 *
 * @throws StoreError STORE_INVALID_RECORD naming `table` and `field`.
 */
export function assertStoredValue(value: unknown, table: string, field: string, depth = 0): void {
  if (depth > STORE_MAX_VALUE_DEPTH) throw StoreError.invalidRecord(table, field);
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw StoreError.invalidRecord(table, field);
    return;
  }
  if (value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const v of value) assertStoredValue(v, table, field, depth + 1);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw StoreError.invalidRecord(table, field);
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BYTES_TAG) throw StoreError.invalidRecord(table, field);
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) assertStoredValue(v, table, field, depth + 1);
    }
    return;
  }
  throw StoreError.invalidRecord(table, field);
}

/** The value with every `Uint8Array` replaced by its tagged form; shares every part that holds no bytes. */
function tagBytes(value: unknown, depth: number): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: bytesToBase64(value) };
  if (value === null || typeof value !== 'object' || depth > STORE_MAX_VALUE_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const t = tagBytes(v, depth + 1);
      if (t !== v) {
        out ??= value.slice();
        out[i] = t;
      }
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    const t = tagBytes(v, depth + 1);
    if (t !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = t;
    }
  }
  return out ?? value;
}

/**
 * Encodes a checked value as UTF-8 JSON with tagged byte arrays. (The tagging is a copy-on-write walk before a
 * plain `JSON.stringify`: much cheaper than a replacer function, which runs for every key of every record.)
 */
export function encodeStoredValue(value: unknown): Uint8Array {
  return utf8(storedValueText(value));
}

/**
 * The JSON text {@link encodeStoredValue} encodes as UTF-8 (the sealer writes it into its own buffer rather
 * than a new array per record).
 */
export function storedValueText(value: unknown): string {
  return JSON.stringify(tagBytes(value, 0));
}

/** How a tagged byte array appears in the JSON text: only a key can produce it (a string's quotes are escaped). */
const TAG_IN_TEXT = `"${BYTES_TAG}":`;

function reviveBytes(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const tagged = (v as Record<string, unknown>)[BYTES_TAG];
    if (keys.length === 1 && typeof tagged === 'string') return base64ToBytes(tagged);
  }
  return v;
}

/**
 * Decodes bytes made by {@link encodeStoredValue}.
 *
 * @throws StoreError STORE_CORRUPT when they do not decode.
 */
export function decodeStoredValue(bytes: Uint8Array): unknown {
  try {
    const text = decoder.decode(bytes);
    // No tag in the text: no byte arrays, so no reviver (which would run for every value).
    return text.includes(TAG_IN_TEXT) ? JSON.parse(text, reviveBytes) : JSON.parse(text);
  } catch (cause) {
    throw StoreError.corrupt('record encoding', cause);
  }
}
