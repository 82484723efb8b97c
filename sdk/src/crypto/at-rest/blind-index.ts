/**
 * HMAC blind indexes: equality search over encrypted fields without revealing their values to the store.
 *
 * ```
 * fieldKey = HKDF(ikm = dbKey, salt = "", info = "CrypTalk v1 at-rest blind index" || lp16(field), 32)
 * index    = HMAC-SHA256(fieldKey, UTF-8(NFC(value)))[0 .. length]      length 16 bytes by default
 * ```
 * Per-field keys stop cross-field correlation. Short indexes trade false positives for less leakage.
 *
 * @module
 */
import { concatBytes, lp16, utf8 } from '../bytes.js';
import { LABEL_AT_REST_BLIND_INDEX } from '../labels.js';
import { hkdfSha256, hmacSha256 } from '../primitives/index.js';
import type { SecretKey } from '../secret.js';

/** Default index length in bytes. */
export const BLIND_INDEX_DEFAULT_LENGTH = 16;

/**
 * Computes blind indexes for named fields.
 *
 * @example
 * const bi = new BlindIndex(dbKey); const idx = bi.compute('email', 'a@b.c');
 */
export class BlindIndex {
  readonly #dbKey: Uint8Array;
  readonly #fieldKeys = new Map<string, Uint8Array>();
  readonly #length: number;

  /**
   * @param dbKey - the database key.
   * @param length - index length in bytes (8..32). @default 16
   */
  constructor(dbKey: SecretKey, length: number = BLIND_INDEX_DEFAULT_LENGTH) {
    if (!Number.isInteger(length) || length < 8 || length > 32) throw new RangeError('length must be 8..32');
    this.#dbKey = dbKey.expose().slice();
    this.#length = length;
  }

  /** The index of `value` in `field` (values are NFC-normalized; bytes are used as they are). */
  compute(field: string, value: string | Uint8Array): Uint8Array {
    let key = this.#fieldKeys.get(field);
    if (!key) {
      key = hkdfSha256(
        this.#dbKey,
        new Uint8Array(0),
        concatBytes(utf8(LABEL_AT_REST_BLIND_INDEX), lp16(utf8(field))),
        32,
      );
      this.#fieldKeys.set(field, key);
    }
    const bytes = typeof value === 'string' ? utf8(value.normalize('NFC')) : value;
    return hmacSha256(key, bytes).slice(0, this.#length);
  }

  /** Zeroes every key. */
  destroy(): void {
    this.#dbKey.fill(0);
    for (const k of this.#fieldKeys.values()) k.fill(0);
    this.#fieldKeys.clear();
  }
}
