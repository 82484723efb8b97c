/**
 * The base class of the crypto core's errors and their codes (`errors.ts` re-exports both, with the subclasses).
 *
 * @module
 */

/** Every code a {@link CryptoError} can carry. */
export const CRYPTO_ERROR_CODES = [
  'CRYPTO_INVALID_INPUT',
  'CRYPTO_UNSUPPORTED_SUITE',
  'CRYPTO_DECRYPT_FAILED',
  'CRYPTO_NONCE_EXHAUSTED',
  'CRYPTO_WEAK_DH',
  'CRYPTO_BAD_SIGNATURE',
  'CRYPTO_KEY_DESTROYED',
  'CRYPTO_NOT_LOADED',
  'AUTH_MALFORMED_PROOF',
  'AUTH_UNKNOWN_CHALLENGE',
  'AUTH_CHALLENGE_EXPIRED',
  'AUTH_WRONG_ORIGIN',
  'AUTH_BAD_PROOF',
  'AUTH_TOO_MANY_CHALLENGES',
  'HANDSHAKE_BAD_BUNDLE',
  'HANDSHAKE_UNKNOWN_PREKEY',
  'HANDSHAKE_MALFORMED',
  'RATCHET_MALFORMED',
  'RATCHET_DECRYPT_FAILED',
  'RATCHET_DUPLICATE',
  'RATCHET_TOO_MANY_SKIPPED',
  'RATCHET_BAD_STATE',
  'GROUP_UNSUPPORTED_SUITE',
  'GROUP_MALFORMED',
  'GROUP_WRONG_EPOCH',
  'GROUP_OPERATION_FAILED',
  'AT_REST_WEAK_PARAMS',
  'AT_REST_UNWRAP_FAILED',
  'AT_REST_MALFORMED',
] as const;

/** A stable code of the crypto core. */
export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[number];

/** Options accepted by every crypto error. */
export interface CryptoErrorOptions {
  /** The underlying error, if any (never one that quotes key material). */
  cause?: unknown;
}

/**
 * Base class of every error thrown on purpose by `sdk/src/crypto`.
 *
 * @example
 * try { open(...) } catch (e) { if (e instanceof CryptoError && e.code === 'CRYPTO_DECRYPT_FAILED') ... }
 */
export class CryptoError extends Error {
  override name = 'CryptoError';
  /** A stable, documented code. */
  readonly code: CryptoErrorCode;

  /**
   * @param code - the stable code.
   * @param message - human-readable; must not contain secrets, plaintext or identifiers.
   * @param options - optional cause.
   */
  constructor(code: CryptoErrorCode, message: string, options?: CryptoErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  /** An argument has the wrong shape for this primitive. */
  static invalidInput(what: string): CryptoError {
    return new CryptoError('CRYPTO_INVALID_INPUT', `invalid ${what}`);
  }

  /** The suite id is not one this build implements. */
  static unsupportedSuite(id: number): CryptoError {
    return new CryptoError('CRYPTO_UNSUPPORTED_SUITE', `unsupported AEAD suite id ${id}`);
  }

  /** Authentication of a ciphertext failed (wrong key, nonce, AAD, or tampering). */
  static decryptFailed(): CryptoError {
    return new CryptoError('CRYPTO_DECRYPT_FAILED', 'authenticated decryption failed');
  }

  /** A sealer has used every nonce its counter allows. */
  static nonceExhausted(max: number): CryptoError {
    return new CryptoError('CRYPTO_NONCE_EXHAUSTED', `message counter reached its limit of ${max}`);
  }

  /** A Diffie-Hellman result was all-zero (the peer key is of low order). */
  static weakDh(): CryptoError {
    return new CryptoError('CRYPTO_WEAK_DH', 'Diffie-Hellman produced an all-zero or low-order result');
  }

  /** A signature did not verify. */
  static badSignature(what: string): CryptoError {
    return new CryptoError('CRYPTO_BAD_SIGNATURE', `signature on ${what} did not verify`);
  }

  /** A secret was used after it was zeroed. */
  static keyDestroyed(): CryptoError {
    return new CryptoError('CRYPTO_KEY_DESTROYED', 'secret was used after being destroyed');
  }

  /**
   * A primitive that loads on first use (e.g. ML-KEM-768) was called before its loader finished, or its code
   * could not be loaded (`cause`).
   */
  static notLoaded(what: string, cause?: unknown): CryptoError {
    return new CryptoError(
      'CRYPTO_NOT_LOADED',
      cause === undefined
        ? `${what} is not loaded yet (await its loader first)`
        : `${what} could not be loaded`,
      cause === undefined ? undefined : { cause },
    );
  }
}
