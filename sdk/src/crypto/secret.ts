/**
 * A container for secret bytes that never prints its content and can be zeroed.
 *
 * @module
 */
import { CryptoError } from './errors.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Secret key material. `toString`, `toJSON` and Node's `inspect` show `SecretKey(<redacted>, N bytes)`.
 * `destroy()` zeroes the bytes; any later `expose()` throws `CRYPTO_KEY_DESTROYED`.
 *
 * @example
 * const k = SecretKey.random(32); aead.seal(k.expose(), ...); k.destroy();
 */
export class SecretKey {
  #bytes: Uint8Array;
  #destroyed = false;

  /**
   * Takes ownership of `bytes` (no copy): zeroing this key zeroes them.
   *
   * @param bytes - the key material.
   */
  constructor(bytes: Uint8Array) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
    this.#bytes = bytes;
  }

  /** A fresh key of `length` random bytes from the platform CSPRNG. */
  static random(length: number): SecretKey {
    return new SecretKey(crypto.getRandomValues(new Uint8Array(length)));
  }

  /** The key length in bytes. */
  get length(): number {
    return this.#bytes.length;
  }

  /** Whether `destroy()` has been called. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * The raw bytes (a live view, not a copy). Do not keep the reference.
   *
   * @throws CryptoError CRYPTO_KEY_DESTROYED after `destroy()`.
   */
  expose(): Uint8Array {
    if (this.#destroyed) throw CryptoError.keyDestroyed();
    return this.#bytes;
  }

  /** Zeroes the bytes. Idempotent. */
  destroy(): void {
    this.#bytes.fill(0);
    this.#destroyed = true;
  }

  /** Redacted. */
  toString(): string {
    return `SecretKey(<redacted>, ${this.#bytes.length} bytes)`;
  }

  /** Redacted. */
  toJSON(): string {
    return this.toString();
  }

  /** Redacted for Node's `util.inspect` / `console.log`. */
  [INSPECT](): string {
    return this.toString();
  }
}
