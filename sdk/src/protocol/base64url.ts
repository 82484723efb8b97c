import { ProtocolError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Matches canonical unpadded base64url text. */
export const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5). Works the same in browsers, Workers and Node.
 * @param bytes - the bytes to encode.
 * @returns the base64url text, without `=` padding.
 */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes canonical unpadded base64url. Rejects padding, other alphabets, impossible lengths and
 * non-canonical trailing bits, so each byte string has exactly one text form.
 * @param text - the base64url text.
 * @param field - the field name used in the error.
 * @throws ProtocolError when the text is not canonical base64url.
 */
export function fromBase64url(text: string, field = 'value'): Uint8Array {
  const len = text.length;
  if (len % 4 === 1) throw ProtocolError.invalidField(field, 'is not base64url');
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? LOOKUP[c]! : -1;
    if (v < 0) throw ProtocolError.invalidField(field, 'is not base64url');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) throw ProtocolError.invalidField(field, 'is not canonical base64url');
  return out;
}
