import { fromBase64url, toBase64url } from '../protocol/index.js';
import { MessageError } from './errors.js';
import { MSG_ID_BYTES } from './limits.js';

/**
 * The 16 bytes of a protocol message id (22 canonical base64url characters).
 *
 * @throws MessageError MSG_INVALID_FIELD when `id` is not a canonical 128-bit base64url id.
 */
export function messageIdBytes(id: string, field: string): Uint8Array {
  if (typeof id !== 'string' || id.length !== 22)
    throw MessageError.invalidField(field, 'must be a message id');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(id, field);
  } catch {
    throw MessageError.invalidField(field, 'must be a message id');
  }
  if (bytes.length !== MSG_ID_BYTES) throw MessageError.invalidField(field, 'must be a message id');
  return bytes;
}

/** The text form (22 base64url characters) of 16 message id bytes. */
export function messageIdText(bytes: Uint8Array): string {
  return toBase64url(bytes);
}
