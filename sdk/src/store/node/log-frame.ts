/**
 * The payload of one frame of the Node file store's log (`store.log`): the ops of one committed transaction.
 *
 * Two forms are read; the binary one is written (since it replaced JSON, a log holds either or both):
 *
 * - **Binary (version 1)**, written: `0x01` then each op in order:
 *   ```
 *   put:    0x01 ‖ str table ‖ str pk ‖ u8 columns ‖ [str room] [str msg] [f64 offset] [f64 ts] [f64 exp] [f64 seq] ‖ u32 len ‖ body
 *   delete: 0x02 ‖ str table ‖ str pk
 *   str = u16be byte length ‖ UTF-8 bytes; f64 = IEEE 754 big-endian; u32 big-endian
 *   ```
 *   `columns` has one bit per optional column, in the order shown (bit 0 `room` … bit 5 `seq`); absent columns
 *   take no bytes.
 * - **JSON** (the first form, still read): a UTF-8 JSON list of `['p', table, {…columns, b: base64 body}]` and
 *   `['d', table, pk]`. It always starts with `[` (0x5B), so the first byte tells the forms apart.
 *
 * The binary form skips JSON and base64 on every commit (the bodies are copied once) and is about a quarter
 * smaller. Decoding checks every length against the payload and every table name; any error is a corrupt frame.
 *
 * @module
 */
import type { RawRow, TableName } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import { StoreError } from '../errors.js';
import type { EngineOp } from '../memory-engine.js';

/** First byte of a binary payload (version 1). */
export const LOG_FRAME_BINARY_V1 = 0x01;
/** First byte of a JSON payload (`[`). */
const JSON_FIRST_BYTE = 0x5b;
const OP_PUT = 0x01;
const OP_DEL = 0x02;
/** The optional columns of a row, in bit order. */
const STRING_COLUMNS = ['room', 'msg'] as const;
const NUMBER_COLUMNS = ['offset', 'ts', 'exp', 'seq'] as const;
/** Longest string (table name, pk, blind index) a binary frame holds: u16 length. */
const MAX_STRING_BYTES = 0xffff;

type WireRow = Omit<RawRow, 'body'> & { b: string };
type WireOp = ['p', TableName, WireRow] | ['d', TableName, string];

/** Bytes of a string field (`u16 length ‖ UTF-8`) of a `table` row, checking the u16 bound. */
function strBytes(s: string, table: TableName): number {
  const n = Buffer.byteLength(s, 'utf8');
  if (n > MAX_STRING_BYTES) throw StoreError.invalidRecord(table, 'index length');
  return 2 + n;
}

function writeStr(buf: Buffer, pos: number, s: string): number {
  const n = buf.write(s, pos + 2, 'utf8');
  buf.writeUInt16BE(n, pos);
  return pos + 2 + n;
}

/**
 * Encodes the ops of one transaction as a binary payload (version 1).
 *
 * @param ops - the committed ops, in order.
 * @param headroom - bytes left free before the payload (for the frame header, so it is not copied again).
 * @returns `headroom` bytes, then the payload.
 * @throws StoreError STORE_INVALID_RECORD when a string is over 65,535 bytes (pks and blind indexes are far
 *   shorter).
 */
export function encodeLogPayload(ops: readonly EngineOp[], headroom = 0): Buffer {
  let size = headroom + 1;
  for (const o of ops) {
    size += 1 + strBytes(o.table, o.table);
    if (o.op === 'del') {
      size += strBytes(o.pk, o.table);
      continue;
    }
    const r = o.row;
    size += strBytes(r.pk, o.table) + 1 + 4 + r.body.length;
    for (const c of STRING_COLUMNS) {
      const v = r[c];
      if (v !== undefined) size += strBytes(v, o.table);
    }
    for (const c of NUMBER_COLUMNS) if (r[c] !== undefined) size += 8;
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = headroom;
  buf[pos++] = LOG_FRAME_BINARY_V1;
  for (const o of ops) {
    buf[pos++] = o.op === 'del' ? OP_DEL : OP_PUT;
    pos = writeStr(buf, pos, o.table);
    if (o.op === 'del') {
      pos = writeStr(buf, pos, o.pk);
      continue;
    }
    const r = o.row;
    pos = writeStr(buf, pos, r.pk);
    const flagsAt = pos++;
    let flags = 0;
    let bit = 1;
    for (const c of STRING_COLUMNS) {
      const v = r[c];
      if (v !== undefined) {
        flags |= bit;
        pos = writeStr(buf, pos, v);
      }
      bit <<= 1;
    }
    for (const c of NUMBER_COLUMNS) {
      const v = r[c];
      if (v !== undefined) {
        flags |= bit;
        buf.writeDoubleBE(v, pos);
        pos += 8;
      }
      bit <<= 1;
    }
    buf[flagsAt] = flags;
    buf.writeUInt32BE(r.body.length, pos);
    pos += 4;
    buf.set(r.body, pos);
    pos += r.body.length;
  }
  return buf;
}

/** A bounds-checked reader over a binary payload. */
class Reader {
  pos = 1;
  constructor(private readonly buf: Buffer) {}

  #need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('log frame truncated');
  }

  u8(): number {
    this.#need(1);
    return this.buf[this.pos++] as number;
  }

  str(): string {
    this.#need(2);
    const n = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    this.#need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  f64(): number {
    this.#need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  bytes(): Uint8Array {
    this.#need(4);
    const n = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    this.#need(n);
    // A copy: a row must not keep the whole log file's buffer alive.
    const out = new Uint8Array(n);
    out.set(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }
}

function tableName(name: string): TableName {
  if (!(TABLE_NAMES as readonly string[]).includes(name)) throw new TypeError('unknown table');
  return name as TableName;
}

function decodeBinary(payload: Buffer): EngineOp[] {
  const r = new Reader(payload);
  const ops: EngineOp[] = [];
  while (!r.done) {
    const kind = r.u8();
    const table = tableName(r.str());
    const pk = r.str();
    if (kind === OP_DEL) {
      ops.push({ op: 'del', table, pk });
      continue;
    }
    if (kind !== OP_PUT) throw new TypeError('bad op');
    const flags = r.u8();
    if (flags >> (STRING_COLUMNS.length + NUMBER_COLUMNS.length) !== 0) throw new TypeError('bad columns');
    const row: { -readonly [K in keyof RawRow]?: RawRow[K] } = { pk };
    let bit = 1;
    for (const c of STRING_COLUMNS) {
      if (flags & bit) row[c] = r.str();
      bit <<= 1;
    }
    for (const c of NUMBER_COLUMNS) {
      if (flags & bit) row[c] = r.f64();
      bit <<= 1;
    }
    row.body = r.bytes();
    ops.push({ op: 'put', table, row: row as RawRow });
  }
  return ops;
}

function decodeJson(payload: Buffer): EngineOp[] {
  const wire = JSON.parse(payload.toString('utf8')) as WireOp[];
  if (!Array.isArray(wire)) throw new TypeError('frame is not a list');
  return wire.map((w): EngineOp => {
    const [kind, table, x] = w;
    tableName(table);
    if (kind === 'd' && typeof x === 'string') return { op: 'del', table, pk: x };
    if (kind === 'p' && x !== null && typeof x === 'object') {
      const { b, ...cols } = x;
      const buf = Buffer.from(b, 'base64');
      return {
        op: 'put',
        table,
        row: { ...cols, body: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) },
      };
    }
    throw new TypeError('bad op');
  });
}

/**
 * Decodes a frame payload of either form (binary version 1, or the JSON of older logs).
 *
 * @param payload - the bytes after the frame header (checksum already verified).
 * @returns the ops, in order.
 * @throws TypeError or RangeError (or a JSON SyntaxError) for a payload that is neither form.
 */
export function decodeLogPayload(payload: Buffer): EngineOp[] {
  if (payload[0] === LOG_FRAME_BINARY_V1) return decodeBinary(payload);
  if (payload[0] === JSON_FIRST_BYTE) return decodeJson(payload);
  throw new TypeError('unknown log frame form');
}

/**
 * Encodes ops in the JSON form that older builds wrote (kept so tests can build an old log; never written).
 *
 * @param ops - the ops of one transaction.
 * @returns the JSON payload.
 */
export function encodeLegacyJsonPayload(ops: readonly EngineOp[]): Buffer {
  const wire: WireOp[] = ops.map((o) => {
    if (o.op === 'del') return ['d', o.table, o.pk];
    const { body, ...cols } = o.row;
    return [
      'p',
      o.table,
      { ...cols, b: Buffer.from(body.buffer, body.byteOffset, body.length).toString('base64') },
    ];
  });
  return Buffer.from(JSON.stringify(wire), 'utf8');
}
