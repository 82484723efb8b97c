/**
 * HMAC blind indexes: equality search over encrypted fields without revealing their values to the store.
 *
 * ```
 * fieldKey = HKDF(ikm = dbKey, salt = "", info = "CrypTalk v1 at-rest blind index" || lp16(field), 32)
 * index    = HMAC-SHA256(fieldKey, UTF-8(NFC(value)))[0 .. length]      length 16 bytes by default
 * ```
 * Per-field keys stop cross-field correlation. Short indexes trade false positives for less leakage.
 *
 * Costs: the HMAC of each field is keyed once (`hmacSha256Keyed`: the padded key blocks absorbed once), ASCII
 * values (ids, which NFC leaves as they are) skip `normalize` and `TextEncoder`, and an optional memo keeps
 * recent indexes (a store blinds the same room ids on every write and page read). The bytes are the same as the
 * construction above computed directly (tested).
 *
 * @module
 */
import { concatBytes, lp16, utf8 } from '../bytes.js';
import { LABEL_AT_REST_BLIND_INDEX } from '../labels.js';
import { hkdfSha256, hmacSha256Keyed, type KeyedHmacSha256 } from '../primitives/index.js';
import { SecretKey } from '../secret.js';

/** Default index length in bytes. */
export const BLIND_INDEX_DEFAULT_LENGTH = 16;

const EMPTY = new Uint8Array(0);

/** UTF-8 of a value: NFC-normalized first, except short ASCII (which NFC leaves as it is). */
function valueBytes(value: string): Uint8Array {
  const n = value.length;
  // Short ASCII values (ids) go byte by byte into a small array, which V8 allocates on its heap.
  if (n <= 64) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f) return utf8(value.normalize('NFC'));
      out[i] = c;
    }
    return out;
  }
  return utf8(value.normalize('NFC'));
}

/**
 * Computes blind indexes for named fields.
 *
 * @example
 * const bi = new BlindIndex(dbKey); const idx = bi.compute('email', 'a@b.c');
 */
export class BlindIndex {
  readonly #dbKey: SecretKey;
  /** HMAC keyed with each field's key. */
  readonly #fieldMacs = new Map<string, KeyedHmacSha256>();
  readonly #length: number;
  readonly #memoSize: number;
  /**
   * The memo, in two generations of half `memoSize` each: new indexes go into `#recent`; when it is full it
   * becomes `#older` (the previous `#older` is dropped whole) and a hit in `#older` moves back to `#recent`. Every
   * index stays at least half the memo size of insertions, and one in use stays as long as it is used. Not a Map
   * trimmed oldest-first: deleting a Map's first entries leaves holes at the front that `keys().next()` walks
   * over on every eviction (several µs per new value at 16 K entries).
   */
  #recent = new Map<string, Uint8Array>();
  #older = new Map<string, Uint8Array>();

  /**
   * Keeps a copy of `dbKey` (the caller may destroy it).
   *
   * @param dbKey - the database key.
   * @param length - index length in bytes (8..32). @default 16
   * @param memoSize - string values whose index is memoized, at most (0: none). @default 0
   * @throws RangeError when `length` is not 8..32 or `memoSize` is not a non-negative integer.
   */
  constructor(dbKey: SecretKey, length: number = BLIND_INDEX_DEFAULT_LENGTH, memoSize = 0) {
    if (!Number.isInteger(length) || length < 8 || length > 32) throw new RangeError('length must be 8..32');
    if (!Number.isInteger(memoSize) || memoSize < 0) throw new RangeError('memoSize must be an integer >= 0');
    this.#dbKey = new SecretKey(dbKey.expose().slice());
    this.#length = length;
    this.#memoSize = memoSize;
  }

  /**
   * The index of `value` in `field` (values are NFC-normalized; bytes are used as they are).
   *
   * @returns a new array of `length` bytes.
   * @throws CryptoError CRYPTO_KEY_DESTROYED after `destroy()`.
   */
  compute(field: string, value: string | Uint8Array): Uint8Array {
    if (typeof value !== 'string' || this.#memoSize === 0) return this.#mac(field, value);
    // the field's length makes the key unambiguous whatever characters the field and the value hold
    const id = `${field.length}:${field}${value}`;
    let out = this.#recent.get(id);
    if (out === undefined) {
      out = this.#older.get(id) ?? this.#mac(field, value);
      if (this.#recent.size >= this.#memoSize / 2) {
        this.#older = this.#recent;
        this.#recent = new Map();
      }
      this.#recent.set(id, out);
    }
    return out.slice();
  }

  #mac(field: string, value: string | Uint8Array): Uint8Array {
    let mac = this.#fieldMacs.get(field);
    if (mac === undefined) {
      const key = hkdfSha256(
        this.#dbKey.expose(),
        EMPTY,
        concatBytes(utf8(LABEL_AT_REST_BLIND_INDEX), lp16(utf8(field))),
        32,
      );
      mac = hmacSha256Keyed(key);
      key.fill(0);
      this.#fieldMacs.set(field, mac);
    }
    const tag = mac.mac(typeof value === 'string' ? valueBytes(value) : value);
    const out = tag.slice(0, this.#length);
    tag.fill(0);
    return out;
  }

  /** Zeroes every key and forgets the memo; `compute` throws afterwards. */
  destroy(): void {
    this.#dbKey.destroy();
    for (const mac of this.#fieldMacs.values()) mac.destroy();
    this.#fieldMacs.clear();
    for (const idx of this.#recent.values()) idx.fill(0);
    for (const idx of this.#older.values()) idx.fill(0);
    this.#recent.clear();
    this.#older.clear();
  }
}
