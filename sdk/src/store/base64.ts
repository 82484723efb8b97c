/**
 * Standard base64 (RFC 4648 §4, with padding) for the byte arrays inside stored values, on the platform's native
 * codec when there is one: `Uint8Array.prototype.toBase64` / `Uint8Array.fromBase64` (recent browsers), else
 * Node's `Buffer`, else the portable `btoa`/`atob` of `crypto/bytes`. All give the same text for the same bytes.
 *
 * Why: every sealed record that holds bytes (ratchet states, outbox payloads, message codec bytes) encodes them
 * on each write, and the portable path builds a string one character at a time before `btoa`.
 *
 * @module
 */
import { fromBase64, toBase64 } from '../crypto/bytes.js';

interface NativeBase64 {
  toBase64?: (this: Uint8Array) => string;
}
interface NativeFromBase64 {
  fromBase64?: (text: string) => Uint8Array;
}
interface NodeBuffer {
  from(data: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string };
  from(text: string, encoding: 'base64'): Uint8Array;
}

const nativeTo = (Uint8Array.prototype as NativeBase64).toBase64;
const nativeFrom = (Uint8Array as NativeFromBase64).fromBase64;
/** Node's Buffer, reached through `globalThis` so that browser bundles never pull in a polyfill. */
const NodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** Matches standard base64 text with optional padding (what {@link bytesToBase64} produces). */
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeTo) return nativeTo.call(bytes);
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  return toBase64(bytes);
}

/**
 * Bytes of base64 `text`, always a plain `Uint8Array` that owns its buffer (never a view into a shared pool).
 *
 * @throws TypeError on text that is not base64.
 */
export function base64ToBytes(text: string): Uint8Array {
  if (nativeFrom) return nativeFrom(text);
  if (NodeBuffer) {
    // Buffer skips characters outside the alphabet; check first, so bad text fails as `atob` does.
    if (text.length % 4 !== 0 || !BASE64_RE.test(text)) throw new TypeError('invalid base64');
    return new Uint8Array(NodeBuffer.from(text, 'base64'));
  }
  return fromBase64(text);
}
