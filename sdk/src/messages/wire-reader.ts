import { readU32 } from '../crypto/bytes.js';
import { MessageError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads the primitive fields written by `WireWriter` (and the big-endian `u32` / `f64` fields of other local
 * encodings), strictly: running past the end, a non-minimal or too long varint, bad UTF-8 or a field over its
 * limit is a `MessageError`, never another exception.
 */
export class WireReader {
  private pos = 0;
  private view: DataView | undefined;

  /** @param bytes - the whole encoded message. */
  constructor(private readonly bytes: Uint8Array) {}

  /** One byte. */
  u8(field: string): number {
    const v = this.bytes[this.pos];
    if (v === undefined) throw MessageError.malformed(`${field} runs past the end`);
    this.pos++;
    return v;
  }

  /** A big-endian unsigned 32-bit integer. */
  u32(field: string): number {
    this.need(4, field);
    const v = readU32(this.bytes, this.pos);
    this.pos += 4;
    return v;
  }

  /** A big-endian IEEE 754 double (any bit pattern, NaN included). */
  f64(field: string): number {
    this.need(8, field);
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A boolean byte: 0 or 1. */
  bool(field: string): boolean {
    const v = this.u8(field);
    if (v > 1) throw MessageError.invalidField(field, 'must be 0 or 1');
    return v === 1;
  }

  /** A minimal unsigned LEB128 varint, at most `max` (≤ 2^53 − 1). */
  varint(field: string, max: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8(field);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (b === 0 && i > 0) throw MessageError.malformed(`${field} is not a minimal varint`);
        if (!Number.isSafeInteger(value) || value > max) throw MessageError.tooLarge(field, max);
        return value;
      }
      scale *= 128;
    }
    throw MessageError.malformed(`${field} varint is too long`);
  }

  /** Exactly `length` raw bytes (a copy). */
  fixed(length: number, field: string): Uint8Array {
    this.need(length, field);
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** A varint-length UTF-8 string of at most `maxBytes`. */
  str(field: string, maxBytes: number): string {
    return this.utf8(this.varint(field, maxBytes), field);
  }

  /** Exactly `length` bytes of UTF-8, decoded (a leading U+FEFF is kept: it is part of the text). */
  utf8(length: number, field: string): string {
    this.need(length, field);
    let text: string;
    try {
      text = decoder.decode(this.bytes.subarray(this.pos, this.pos + length));
    } catch {
      throw MessageError.malformed(`${field} is not UTF-8`);
    }
    this.pos += length;
    return text;
  }

  /** Whether every byte was read (optional trailing fields of later writers are absent). */
  get atEnd(): boolean {
    return this.pos === this.bytes.length;
  }

  /** Throws unless every byte was read. */
  end(): void {
    if (this.pos !== this.bytes.length) throw MessageError.malformed('trailing bytes');
  }

  private need(length: number, field: string): void {
    if (this.bytes.length - this.pos < length) throw MessageError.malformed(`${field} runs past the end`);
  }
}
