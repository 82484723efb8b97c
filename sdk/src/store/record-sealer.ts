/**
 * Sealed records, on top of the crypto core's `crypto/at-rest` (`RecordCipher`, `BlindIndex`).
 *
 * From the database key, the record cipher derives its key (HKDF, `LABEL_AT_REST_RECORD`) and seals each record
 * with XChaCha20-Poly1305 under a random 24-byte nonce; the blind index derives one HMAC key per field.
 *
 * ```
 * body = 0x01 (format) || nonce (24) || ciphertext || tag (16)                 (RecordCipher)
 * AAD  = 0x01 || lp16(table) || lp16(pk) || for room, msg: 0x00 | 0x01 lp16(utf8)
 *                                         || for offset, ts, exp, seq: 0x00 | 0x01 f64be
 * blind(field, value) = base64url(HMAC-SHA-256(fieldKey, NFC(value))[0..16])  (BlindIndex)
 * pk(table, key)      = blind("pk:" + table, key)   (messages: blind("msg", msgId))
 * ```
 *
 * The AAD binds the table, the primary key and every plaintext index column, so a row cannot be moved to
 * another table or key, and its index columns cannot be edited, without the open failing.
 *
 * @module
 */
import { BlindIndex, RecordCipher } from '../crypto/at-rest/index.js';
import { SecretKey } from '../crypto/secret.js';
import { toBase64url } from '../protocol/index.js';
import type { RawRow, TableName } from './engine.js';
import { StoreError } from './errors.js';
import { STORE_BLIND_CACHE_SIZE, STORE_BLIND_INDEX_BYTES, STORE_MAX_RECORD_BYTES } from './limits.js';

const FORMAT = 0x01;

/** The plaintext columns of a row, without `pk` and `body`. */
export type RowColumns = Omit<RawRow, 'pk' | 'body'>;

const encoder = new TextEncoder();

/**
 * UTF-8 of an AAD string. Table names, primary keys and blind indexes are ASCII (base64url), written byte by
 * byte: a `TextEncoder` call per string costs more than the loop, and every seal and open builds an AAD.
 */
function aadBytes(x: string): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(x);
    out[i] = c;
  }
  return out;
}

function recordAad(table: string, pk: string, c: RowColumns): Uint8Array {
  const strings = [table, pk, c.room, c.msg].map((x) => (x === undefined ? undefined : aadBytes(x)));
  const numbers = [c.offset, c.ts, c.exp, c.seq];
  let size = 1;
  for (const [k, b] of strings.entries()) size += (k < 2 ? 0 : 1) + (b ? 2 + b.length : 0);
  for (const n of numbers) size += n === undefined ? 1 : 9;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = FORMAT;
  let at = 1;
  for (const [k, b] of strings.entries()) {
    if (k >= 2) out[at++] = b ? 1 : 0; // presence byte for the optional columns
    if (!b) continue;
    if (b.length > 0xffff) throw StoreError.invalidRecord(table, 'index length');
    view.setUint16(at, b.length);
    out.set(b, at + 2);
    at += 2 + b.length;
  }
  for (const n of numbers) {
    if (n === undefined) {
      out[at++] = 0;
    } else {
      out[at] = 1;
      view.setFloat64(at + 1, n);
      at += 9;
    }
  }
  return out;
}

/**
 * Seals and opens records, and computes blind indexes, under one database key. Zero it with `destroy()`.
 */
export class RecordSealer {
  readonly #cipher: RecordCipher;
  readonly #blind: BlindIndex;
  readonly #dbKey: SecretKey;
  readonly #cache = new Map<string, string>();

  /**
   * Derives the sub-keys and keeps a copy of the key (for re-wrapping); the caller may destroy `dbKey`.
   *
   * @param dbKey - the 32-byte database key.
   */
  constructor(dbKey: SecretKey) {
    if (dbKey.length !== 32) throw new RangeError('dbKey must be 32 bytes');
    this.#dbKey = new SecretKey(dbKey.expose().slice());
    this.#cipher = new RecordCipher(this.#dbKey);
    this.#blind = new BlindIndex(this.#dbKey, STORE_BLIND_INDEX_BYTES);
  }

  /**
   * Blind index of `value` for `field`. Equal inputs give equal outputs (so they can be looked up); nothing
   * else about the value is revealed.
   */
  blind(field: string, value: string): string {
    const id = `${field}\u0000${value}`;
    let out = this.#cache.get(id);
    if (out === undefined) {
      out = toBase64url(this.#blind.compute(field, value));
      // A small bounded memo: rooms and recent ids repeat on every write and page.
      if (this.#cache.size >= STORE_BLIND_CACHE_SIZE) this.#cache.clear();
      this.#cache.set(id, out);
    }
    return out;
  }

  /** The blind primary key of `logicalKey` in `table`. */
  pk(table: TableName, logicalKey: string): string {
    return this.blind(`pk:${table}`, logicalKey);
  }

  /**
   * Seals `plaintext` into a row of `table` with primary key `pk` and plaintext `columns`.
   *
   * @throws StoreError STORE_INVALID_RECORD when the plaintext exceeds {@link STORE_MAX_RECORD_BYTES}.
   */
  seal(table: TableName, pk: string, columns: RowColumns, plaintext: Uint8Array): RawRow {
    if (plaintext.length > STORE_MAX_RECORD_BYTES) throw StoreError.invalidRecord(table, 'size');
    return { ...columns, pk, body: this.#cipher.seal(plaintext, recordAad(table, pk, columns)) };
  }

  /**
   * Opens a row of `table`.
   *
   * @throws StoreError STORE_CORRUPT when the row does not authenticate (tampered, swapped or foreign).
   */
  open(table: TableName, row: RawRow): Uint8Array {
    const { pk, body, ...columns } = row;
    try {
      return this.#cipher.open(body, recordAad(table, pk, columns));
    } catch (cause) {
      throw StoreError.corrupt(`${table} record`, cause);
    }
  }

  /** A copy of the database key, to re-wrap it (caller destroys it). */
  exportKeyForRewrap(): SecretKey {
    return new SecretKey(this.#dbKey.expose().slice());
  }

  /** Zeroes every derived key. */
  destroy(): void {
    this.#cipher.destroy();
    this.#blind.destroy();
    this.#dbKey.destroy();
    this.#cache.clear();
  }
}
