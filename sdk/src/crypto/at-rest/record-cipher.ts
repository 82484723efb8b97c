/**
 * Encryption of stored records under the database key, with XChaCha20-Poly1305 and random 192-bit nonces.
 *
 * ```
 * recordKey = HKDF(ikm = dbKey, salt = "", info = "CrypTalk v1 at-rest record", 32)
 * sealed    = 0x01 (version) || nonce (24) || XChaCha20-Poly1305(recordKey, nonce, plaintext, aad)
 * ```
 * `aad` should name where the record lives (store name and primary key), so records cannot be swapped.
 *
 * @module
 */
import { abytes, utf8 } from '../bytes.js';
import { AtRestError } from '../errors.js';
import { LABEL_AT_REST_RECORD } from '../labels.js';
import { AT_REST_MAX_RECORD } from '../limits.js';
import { hkdfSha256, xchachaOpen, xchachaSeal } from '../primitives/index.js';
import { RandomPool } from '../primitives/random-pool.js';
import type { SecretKey } from '../secret.js';

const VERSION = 0x01;
const NONCE_BYTES = 24;
const EMPTY = new Uint8Array(0);

/**
 * Seals and opens records under one database key.
 *
 * @example
 * const rc = new RecordCipher(dbKey); const s = rc.seal(bytes, utf8('messages/42')); rc.open(s, utf8('messages/42'));
 */
export class RecordCipher {
  readonly #key: Uint8Array;
  /** Nonces: CSPRNG output drawn in blocks, each byte used once (one `getRandomValues` call per ~170 records). */
  readonly #nonces = new RandomPool();

  /** @param dbKey - the unwrapped database key. */
  constructor(dbKey: SecretKey) {
    this.#key = hkdfSha256(dbKey.expose(), EMPTY, utf8(LABEL_AT_REST_RECORD), 32);
  }

  /** Encrypts one record. */
  seal(plaintext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    abytes(plaintext, undefined, 'plaintext');
    if (plaintext.length > AT_REST_MAX_RECORD)
      throw new RangeError(`record exceeds ${AT_REST_MAX_RECORD} bytes`);
    const nonce = this.#nonces.take(NONCE_BYTES);
    const sealed = xchachaSeal(this.#key, nonce, plaintext, aad);
    const out = new Uint8Array(1 + NONCE_BYTES + sealed.length);
    out[0] = VERSION;
    out.set(nonce, 1);
    out.set(sealed, 1 + NONCE_BYTES);
    return out;
  }

  /**
   * Decrypts one record.
   *
   * @throws AtRestError AT_REST_MALFORMED; CryptoError CRYPTO_DECRYPT_FAILED on a wrong key, AAD or tampering.
   */
  open(sealed: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    abytes(sealed, undefined, 'sealed');
    if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] !== VERSION)
      throw AtRestError.malformed('sealed record');
    return xchachaOpen(this.#key, sealed.subarray(1, 1 + NONCE_BYTES), sealed.subarray(1 + NONCE_BYTES), aad);
  }

  /** Zeroes the record key and drops the unused nonce bytes. */
  destroy(): void {
    this.#key.fill(0);
    this.#nonces.clear();
  }
}
