/**
 * Small byte helpers shared by the crypto core: strict argument checks, fixed-width integers, length-prefixed
 * concatenation, constant-time comparison and zeroing. No dependency beyond the platform.
 *
 * @module
 */

const textEncoder = new TextEncoder();

/**
 * Asserts `value` is a `Uint8Array`, optionally of an exact length.
 *
 * @param value - the value to check.
 * @param length - the required length, if any.
 * @param name - what the value is, for the error message.
 * @returns the value, typed.
 * @throws TypeError if not a Uint8Array; RangeError on a wrong length.
 */
export function abytes(value: unknown, length: number | undefined, name: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`${name} must be ${length} bytes, got ${value.length}`);
  }
  return value;
}

/** UTF-8 encodes a string. */
export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** Concatenates byte arrays into a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Big-endian 16-bit encoding. @throws RangeError outside 0..65535. */
export function u16(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new RangeError('u16 out of range');
  return new Uint8Array([n >>> 8, n & 0xff]);
}

/** Big-endian 32-bit encoding. @throws RangeError outside 0..2^32-1. */
export function u32(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError('u32 out of range');
  const out = new Uint8Array(4);
  writeU32(out, 0, n);
  return out;
}

/**
 * Writes `n` (0..2^32-1, checked by the caller) big-endian at `offset` (shifts, not a DataView: this runs for
 * every ratchet message and a DataView costs an allocation and a runtime call).
 */
export function writeU32(buf: Uint8Array, offset: number, n: number): void {
  buf[offset] = n >>> 24;
  buf[offset + 1] = (n >>> 16) & 0xff;
  buf[offset + 2] = (n >>> 8) & 0xff;
  buf[offset + 3] = n & 0xff;
}

/** Big-endian 64-bit encoding of a non-negative safe integer or bigint. */
export function u64(n: number | bigint): Uint8Array {
  const v = typeof n === 'bigint' ? n : BigInt(n);
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError('u64 out of range');
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}

/** Reads a big-endian u32 at `offset`. @throws RangeError when the 4 bytes are not all inside `buf`. */
export function readU32(buf: Uint8Array, offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset + 4 > buf.length)
    throw new RangeError(`offset ${offset} is outside the ${buf.length}-byte array`);
  return (
    (buf[offset] as number) * 0x1000000 +
    (((buf[offset + 1] as number) << 16) | ((buf[offset + 2] as number) << 8) | (buf[offset + 3] as number))
  );
}

/** Reads a big-endian u16 at `offset`. @throws RangeError when the 2 bytes are not all inside `buf`. */
export function readU16(buf: Uint8Array, offset: number): number {
  if (!Number.isInteger(offset) || offset < 0 || offset + 2 > buf.length)
    throw new RangeError(`offset ${offset} is outside the ${buf.length}-byte array`);
  return ((buf[offset] as number) << 8) | (buf[offset + 1] as number);
}

/** Reads a big-endian u64 at `offset` as a bigint. */
export function readU64(buf: Uint8Array, offset: number): bigint {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getBigUint64(offset, false);
}

/**
 * Length-prefixed field: `u16(len) || bytes`. Used in every transcript so concatenations are unambiguous.
 *
 * @throws RangeError if longer than 65535 bytes.
 */
export function lp16(bytes: Uint8Array): Uint8Array {
  return concatBytes(u16(bytes.length), bytes);
}

/**
 * Constant-time equality of two byte arrays (time depends only on the lengths).
 *
 * @returns true when both have the same length and content.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** True when every byte is zero (constant time in the length). */
export function isAllZero(a: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc |= a[i] as number;
  return acc === 0;
}

/** Overwrites each array with zeros; the best JavaScript allows for erasing secrets. */
export function zeroize(...arrays: (Uint8Array | undefined)[]): void {
  for (const a of arrays) a?.fill(0);
}

/** Standard base64 (with padding) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i] as number);
  return btoa(bin);
}

/** Decodes standard base64. @throws TypeError on invalid input. */
export function fromBase64(text: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    throw new TypeError('invalid base64');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Lowercase hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i] as number).toString(16).padStart(2, '0');
  return s;
}

/** Decodes lowercase or uppercase hex. @throws TypeError on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('invalid hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
