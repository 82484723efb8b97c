import { toBase64url } from './base64url.js';

/**
 * A fresh 128-bit random id in base64url (22 characters), from the platform CSPRNG.
 * Used for message ids and room ids.
 */
export function randomId(bytes = 16): string {
  const b = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(b);
  return toBase64url(b);
}
