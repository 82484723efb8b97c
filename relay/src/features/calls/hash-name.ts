import { createHmac } from 'node:crypto';
import { MAX_CALL_NAME_CHARS, MIN_SERVER_SECRET_BYTES } from './limits.js';

/**
 * Hashes a room id or identity into the pseudonym the SFU sees: base64url(HMAC-SHA-256(key, label ‖ 0x00 ‖
 * name)), 43 characters. The same key, label and name always give the same pseudonym, so every member of a
 * room lands in the same LiveKit room; without the key the SFU cannot invert it or link it across relays.
 * @param key - the relay's hashing key, at least {@link MIN_SERVER_SECRET_BYTES} bytes.
 * @param label - a domain-separation label from limits.ts.
 * @param name - the room id or identity.
 * @throws TypeError when `name` is empty; RangeError when the key is short or the name too long.
 */
export function hashName(key: string | Uint8Array, label: string, name: string): string {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  if (keyBytes.length < MIN_SERVER_SECRET_BYTES) {
    throw new RangeError(`hashing key must be at least ${MIN_SERVER_SECRET_BYTES} bytes`);
  }
  if (typeof name !== 'string' || name.length === 0) throw new TypeError('name must be a non-empty string');
  if (name.length > MAX_CALL_NAME_CHARS) {
    throw new RangeError(`name must be at most ${MAX_CALL_NAME_CHARS} characters`);
  }
  return createHmac('sha256', keyBytes).update(label).update('\0').update(name).digest('base64url');
}
