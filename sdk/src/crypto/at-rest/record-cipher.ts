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
import { abytes, concatBytes, utf8 } from '../bytes.js';
import { AtRestError } from '../errors.js';
import { LABEL_AT_REST_RECORD } from '../labels.js';
import { AT_REST_MAX_RECORD } from '../limits.js';
import { AeadSuite, aeadOpen, aeadSeal, hkdfSha256, randomBytes } from '../primitives/index.js';
import type { SecretKey } from '../secret.js';

const VERSION = 0x01;
const EMPTY = new Uint8Array(0);

/**
 * Seals and opens records under one database key.
 *
 * @example
 * const rc = new RecordCipher(dbKey); const s = rc.seal(bytes, utf8('messages/42')); rc.open(s, utf8('messages/42'));
 */
export class RecordCipher {
  readonly #key: Uint8Array;

  /** @param dbKey - the unwrapped database key. */
  constructor(dbKey: SecretKey) {
    this.#key = hkdfSha256(dbKey.expose(), EMPTY, utf8(LABEL_AT_REST_RECORD), 32);
  }

  /** Encrypts one record. */
  seal(plaintext: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    abytes(plaintext, undefined, 'plaintext');
    if (plaintext.length > AT_REST_MAX_RECORD)
      throw new RangeError(`record exceeds ${AT_REST_MAX_RECORD} bytes`);
    const nonce = randomBytes(24);
    return concatBytes(
      new Uint8Array([VERSION]),
      nonce,
      aeadSeal(AeadSuite.XCHACHA20_POLY1305, this.#key, nonce, plaintext, aad),
    );
  }

  /**
   * Decrypts one record.
   *
   * @throws AtRestError AT_REST_MALFORMED; CryptoError CRYPTO_DECRYPT_FAILED on a wrong key, AAD or tampering.
   */
  open(sealed: Uint8Array, aad: Uint8Array = EMPTY): Uint8Array {
    abytes(sealed, undefined, 'sealed');
    if (sealed.length < 1 + 24 + 16 || sealed[0] !== VERSION) throw AtRestError.malformed('sealed record');
    return aeadOpen(
      AeadSuite.XCHACHA20_POLY1305,
      this.#key,
      sealed.subarray(1, 25),
      sealed.subarray(25),
      aad,
    );
  }

  /** Zeroes the record key. */
  destroy(): void {
    this.#key.fill(0);
  }
}
