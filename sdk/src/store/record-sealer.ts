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
 * Costs, per record (a Chromium profile of the seal path): allocating an `ArrayBuffer` larger than 64 bytes and
 * `TextEncoder.encode` cost several microseconds each in Blink, so the record text is encoded with `encodeInto`
 * into a reused buffer, and the AAD is written straight into a reused buffer too, string by string, with no
 * array or closure per call (the cipher reads both synchronously, keeps neither, and the plaintext bytes are
 * zeroed after each seal). On Node the XChaCha20-Poly1305 itself runs on node:crypto's ChaCha20-Poly1305 after a
 * noble HChaCha20 subkey (`crypto/primitives/xchacha-native.ts`, same bytes), about 2.5 times less CPU per 1 KB
 * record than noble alone (`bench/crypto/index.ts --only=at-rest`); browsers run noble. Blind indexes are
 * `BlindIndex`'s, with its memo on (HMAC keyed once per field, ASCII values without `normalize`).
 *
 * @module
 */

import { BlindIndex, RecordCipher } from '../crypto/at-rest/index.js';
import { utf8 } from '../crypto/bytes.js';
import { SecretKey } from '../crypto/secret.js';
import { toBase64url } from '../protocol/index.js';
import type { RawRow, TableName } from './engine.js';
import { StoreError } from './errors.js';
import {
  STORE_BLIND_CACHE_SIZE,
  STORE_BLIND_INDEX_BYTES,
  STORE_MAX_RECORD_BYTES,
  STORE_SEAL_SCRATCH_BYTES,
} from './limits.js';

const FORMAT = 0x01;

/** The plaintext columns of a row, without `pk` and `body`. */
export type RowColumns = Omit<RawRow, 'pk' | 'body'>;

const encoder = new TextEncoder();

/** A reused buffer for AADs: grown when a row needs more, never shrunk. */
let aadScratch = new Uint8Array(256);
let aadView = new DataView(aadScratch.buffer);

/**
 * Writes `lp16(utf8(x))` at `at` of the AAD scratch (which has room for the worst case) and returns the offset
 * after it. Table names, primary keys and blind indexes are ASCII (base64url): written byte by byte, with no
 * array per string; any other text goes through `encodeInto`.
 */
function writeString(table: string, x: string, at: number): number {
  const out = aadScratch;
  const n = x.length;
  let i = 0;
  for (; i < n; i++) {
    const c = x.charCodeAt(i);
    if (c > 0x7f) break;
    out[at + 2 + i] = c;
  }
  let length = n;
  if (i < n) length = i + encoder.encodeInto(x.slice(i), out.subarray(at + 2 + i)).written;
  if (length > 0xffff) throw StoreError.invalidRecord(table, 'index length');
  aadView.setUint16(at, length);
  return at + 2 + length;
}

/** Writes an optional string column: `0x00`, or `0x01 || lp16(utf8(x))`. */
function writeOptionalString(table: string, x: string | undefined, at: number): number {
  if (x === undefined) {
    aadScratch[at] = 0;
    return at + 1;
  }
  aadScratch[at] = 1;
  return writeString(table, x, at + 1);
}

/** Writes an optional number column: `0x00`, or `0x01 || f64be(n)`. */
function writeOptionalNumber(n: number | undefined, at: number): number {
  if (n === undefined) {
    aadScratch[at] = 0;
    return at + 1;
  }
  aadScratch[at] = 1;
  aadView.setFloat64(at + 1, n);
  return at + 9;
}

/**
 * The AAD of a row, written into the shared scratch buffer: the returned view is only valid until the next
 * call (seal and open use it at once, synchronously). Written field by field, with no intermediate arrays and no
 * closures: every seal and every open builds one.
 */
function recordAad(table: string, pk: string, c: RowColumns): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: room for the worst case of every string
  const strings =
    table.length +
    pk.length +
    (c.room === undefined ? 0 : c.room.length) +
    (c.msg === undefined ? 0 : c.msg.length);
  const worst = 1 + 3 * strings + 2 * 4 + 2 + 4 * 9;
  if (worst > aadScratch.length) {
    aadScratch = new Uint8Array(Math.max(worst, aadScratch.length * 2));
    aadView = new DataView(aadScratch.buffer);
  }
  aadScratch[0] = FORMAT;
  let at = writeString(table, table, 1);
  at = writeString(table, pk, at);
  at = writeOptionalString(table, c.room, at);
  at = writeOptionalString(table, c.msg, at);
  at = writeOptionalNumber(c.offset, at);
  at = writeOptionalNumber(c.ts, at);
  at = writeOptionalNumber(c.exp, at);
  at = writeOptionalNumber(c.seq, at);
  return aadScratch.subarray(0, at);
}

/**
 * Seals and opens records, and computes blind indexes, under one database key. Zero it with `destroy()`.
 */
export class RecordSealer {
  readonly #cipher: RecordCipher;
  readonly #dbKey: SecretKey;
  /** Blind indexes, keyed once per field and memoized ({@link STORE_BLIND_CACHE_SIZE} values). */
  readonly #blind: BlindIndex;
  /** Reused buffer the record text is encoded into before sealing (zeroed after each use). */
  #text = new Uint8Array(1024);

  /**
   * Derives the sub-keys and keeps a copy of the key (for re-wrapping); the caller may destroy `dbKey`.
   *
   * @param dbKey - the 32-byte database key.
   */
  constructor(dbKey: SecretKey) {
    if (dbKey.length !== 32) throw new RangeError('dbKey must be 32 bytes');
    this.#dbKey = new SecretKey(dbKey.expose().slice());
    this.#cipher = new RecordCipher(this.#dbKey);
    this.#blind = new BlindIndex(this.#dbKey, STORE_BLIND_INDEX_BYTES, STORE_BLIND_CACHE_SIZE);
  }

  /**
   * Blind index of `value` for `field`, as base64url. Equal inputs give equal outputs (so they can be looked up);
   * nothing else about the value is revealed. Rooms and recent ids repeat on every write and page: `BlindIndex`
   * memoizes them (the ids of messages in flight stay while they are acked).
   */
  blind(field: string, value: string): string {
    return toBase64url(this.#blind.compute(field, value));
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
   * {@link seal} of `text` as UTF-8 (a record's encoded JSON), without allocating the plaintext bytes: they are
   * written into a reused buffer, sealed, and zeroed.
   *
   * @throws StoreError STORE_INVALID_RECORD when the UTF-8 exceeds {@link STORE_MAX_RECORD_BYTES}.
   */
  sealText(table: TableName, pk: string, columns: RowColumns, text: string): RawRow {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: a buffer that size always holds the text.
    const worst = text.length * 3;
    if (worst > STORE_SEAL_SCRATCH_BYTES) {
      const bytes = utf8(text);
      try {
        return this.seal(table, pk, columns, bytes);
      } finally {
        bytes.fill(0);
      }
    }
    if (this.#text.length < worst)
      this.#text = new Uint8Array(Math.min(STORE_SEAL_SCRATCH_BYTES, Math.max(worst, this.#text.length * 2)));
    const { written } = encoder.encodeInto(text, this.#text);
    const plaintext = this.#text.subarray(0, written);
    try {
      return this.seal(table, pk, columns, plaintext);
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * Opens a row of `table`.
   *
   * @throws StoreError STORE_CORRUPT when the row does not authenticate (tampered, swapped or foreign).
   */
  open(table: TableName, row: RawRow): Uint8Array {
    try {
      // the row itself carries the columns (recordAad reads only them): no rest copy of it per open
      return this.#cipher.open(row.body, recordAad(table, row.pk, row));
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
    this.#text.fill(0);
  }
}
