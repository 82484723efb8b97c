import { MessageError } from './errors.js';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads the primitive fields written by `WireWriter`, strictly: running past the end, a non-minimal or too long
 * varint, bad UTF-8 or a field over its limit is a `MessageError`, never another exception.
 */
export class WireReader {
  private pos = 0;

  /** @param bytes - the whole encoded message. */
  constructor(private readonly bytes: Uint8Array) {}

  /** One byte. */
  u8(field: string): number {
    const v = this.bytes[this.pos];
    if (v === undefined) throw MessageError.malformed(`${field} runs past the end`);
    this.pos++;
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
    if (this.bytes.length - this.pos < length) throw MessageError.malformed(`${field} runs past the end`);
    const out = this.bytes.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** A varint-length UTF-8 string of at most `maxBytes`. */
  str(field: string, maxBytes: number): string {
    const n = this.varint(field, maxBytes);
    const raw = this.fixed(n, field);
    try {
      return decoder.decode(raw);
    } catch {
      throw MessageError.malformed(`${field} is not UTF-8`);
    }
  }

  /** Throws unless every byte was read. */
  /** Whether every byte was read (optional trailing fields of later writers are absent). */
  get atEnd(): boolean {
    return this.pos === this.bytes.length;
  }

  end(): void {
    if (this.pos !== this.bytes.length) throw MessageError.malformed('trailing bytes');
  }
}
