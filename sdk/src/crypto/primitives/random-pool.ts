/**
 * Random bytes from the platform CSPRNG, drawn in blocks: one `getRandomValues` call fills a block, and each
 * {@link RandomPool.take} hands out the next unused bytes of it. Every byte is handed out at most once; the
 * source stays {@link randomBytes} (WebCrypto `getRandomValues`), only the calls are fewer.
 *
 * Why: sealing a record needs a fresh 24-byte nonce, and one `getRandomValues` call costs far more than the 24
 * bytes it returns (on Node about 15–20 µs per call, whatever the length up to a few KiB; in browsers a
 * crossing into the platform too). A block of {@link RANDOM_POOL_BYTES} serves many records for one call.
 * Used for nonces (public once stored), never for key material.
 *
 * @module
 */
import { RANDOM_POOL_BYTES } from '../limits.js';
import { randomBytes } from './random.js';

/**
 * A block of CSPRNG output handed out front to back, refilled with a new block when used up.
 *
 * @example
 * const pool = new RandomPool(); const nonce = pool.take(24); // fresh bytes, never returned again
 */
export class RandomPool {
  readonly #blockBytes: number;
  #block: Uint8Array = new Uint8Array(0);
  #at = 0;

  /**
   * @param blockBytes - bytes drawn per CSPRNG call. @default RANDOM_POOL_BYTES
   * @throws RangeError unless 1..65536 (the most `getRandomValues` gives at once).
   */
  constructor(blockBytes: number = RANDOM_POOL_BYTES) {
    if (!Number.isInteger(blockBytes) || blockBytes < 1 || blockBytes > 65_536)
      throw new RangeError('blockBytes must be 1..65536');
    this.#blockBytes = blockBytes;
  }

  /**
   * `length` fresh random bytes (a view into the current block: the caller must not write to it). A request
   * larger than a block gets its own CSPRNG call.
   *
   * @throws RangeError for a negative or non-integer length.
   */
  take(length: number): Uint8Array {
    if (!Number.isInteger(length) || length < 0)
      throw new RangeError('length must be a non-negative integer');
    if (length > this.#blockBytes) return randomBytes(length);
    if (this.#at + length > this.#block.length) {
      this.#block = randomBytes(this.#blockBytes);
      this.#at = 0;
    }
    const out = this.#block.subarray(this.#at, this.#at + length);
    this.#at += length;
    return out;
  }

  /** Forgets the unused bytes (the next {@link take} draws a new block); views already taken stay valid. */
  clear(): void {
    this.#block = new Uint8Array(0);
    this.#at = 0;
  }
}
