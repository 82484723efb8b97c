/**
 * Sealed records, on top of the crypto core's `crypto/at-rest` (`RecordCipher`, `BlindIndex`).
 *
 * From the database key, the record cipher derives its key (HKDF, `LABEL_AT_REST_RECORD`) and seals each record
 * with XChaCha20-Poly1305 under a random 24-byte nonce (CSPRNG output drawn in blocks); the blind index derives
 * one HMAC key per field.
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

/** Length of an AAD string field: 2-byte length prefix and the bytes. */
function fieldSize(b: Uint8Array | undefined): number {
  return b === undefined ? 0 : 2 + b.length;
}

function recordAad(table: string, pk: string, c: RowColumns): Uint8Array {
  // Written field by field (no intermediate arrays): every seal and every open builds one.
  const t = aadBytes(table);
  const p = aadBytes(pk);
  const room = c.room === undefined ? undefined : aadBytes(c.room);
  const msg = c.msg === undefined ? undefined : aadBytes(c.msg);
  let size = 1 + fieldSize(t) + fieldSize(p) + 1 + fieldSize(room) + 1 + fieldSize(msg);
  size += c.offset === undefined ? 1 : 9;
  size += c.ts === undefined ? 1 : 9;
  size += c.exp === undefined ? 1 : 9;
  size += c.seq === undefined ? 1 : 9;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = FORMAT;
  let at = 1;
  const field = (b: Uint8Array | undefined, optional: boolean): void => {
    if (optional) out[at++] = b ? 1 : 0; // presence byte for the optional columns
    if (!b) return;
    if (b.length > 0xffff) throw StoreError.invalidRecord(table, 'index length');
    view.setUint16(at, b.length);
    out.set(b, at + 2);
    at += 2 + b.length;
  };
  const number = (n: number | undefined): void => {
    if (n === undefined) {
      out[at++] = 0;
    } else {
      out[at] = 1;
      view.setFloat64(at + 1, n);
      at += 9;
    }
  };
  field(t, false);
  field(p, false);
  field(room, true);
  field(msg, true);
  number(c.offset);
  number(c.ts);
  number(c.exp);
  number(c.seq);
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
      // A bounded memo: rooms and recent ids repeat on every write and page. The oldest entry goes first
      // (a Map iterates in insertion order), so the ids of messages in flight stay while they are acked.
      if (this.#cache.size >= STORE_BLIND_CACHE_SIZE)
        this.#cache.delete(this.#cache.keys().next().value as string);
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
