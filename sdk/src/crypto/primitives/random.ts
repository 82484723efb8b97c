/**
 * Randomness from the platform CSPRNG (WebCrypto `getRandomValues`).
 *
 * @module
 */
import { randomBytes as nobleRandomBytes } from '@noble/hashes/utils.js';

/**
 * `length` bytes from the platform CSPRNG.
 *
 * @throws RangeError for a negative or non-integer length.
 */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
  return nobleRandomBytes(length);
}
