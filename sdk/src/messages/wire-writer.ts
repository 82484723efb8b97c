import { MessageError } from './errors.js';

const encoder = new TextEncoder();
/** Matches an unpaired UTF-16 surrogate (in `u` mode a valid pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Appends the primitive fields of the message format to a growing buffer: `u8`, minimal unsigned LEB128
 * varints up to 2^53 − 1, length-prefixed UTF-8 strings and byte strings, fixed-length byte strings.
 */
export class WireWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  /** @param maxBytes - the output may not grow past this (`MSG_TOO_LARGE`). */
  constructor(private readonly maxBytes: number) {}

  private reserve(n: number): void {
    if (this.len + n > this.maxBytes) throw MessageError.tooLarge('message', this.maxBytes);
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.min(this.maxBytes, Math.max(this.buf.length * 2, this.len + n)));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** One byte. */
  u8(v: number): this {
    this.reserve(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  /** A minimal unsigned LEB128 varint of a safe integer. */
  varint(v: number, field: string): this {
    if (!Number.isSafeInteger(v) || v < 0)
      throw MessageError.invalidField(field, 'must be a safe non-negative integer');
    let n = v;
    do {
      const low = n % 128;
      n = Math.floor(n / 128);
      this.u8(n > 0 ? low | 0x80 : low);
    } while (n > 0);
    return this;
  }

  /** Raw bytes, exactly `length` of them when given. */
  fixed(bytes: Uint8Array, length: number, field: string): this {
    if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
      throw MessageError.invalidField(field, `must be ${length} bytes`);
    }
    this.reserve(length);
    this.buf.set(bytes, this.len);
    this.len += length;
    return this;
  }

  /** A varint byte length and the UTF-8 of `text`, at most `maxBytes`. */
  str(text: string, maxBytes: number, field: string): this {
    if (typeof text !== 'string') throw MessageError.invalidField(field, 'must be a string');
    if (text.length > maxBytes) throw MessageError.tooLarge(field, maxBytes);
    if (LONE_SURROGATE.test(text)) throw MessageError.invalidField(field, 'must be well-formed Unicode');
    const bytes = encoder.encode(text);
    if (bytes.length > maxBytes) throw MessageError.tooLarge(field, maxBytes);
    this.varint(bytes.length, field);
    return this.fixed(bytes, bytes.length, field);
  }

  /** The bytes written so far (a copy of exactly that length). */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
