/**
 * Typed errors of the crypto core. Every code is stable, listed in `docs/errors.md` (a test checks both ways)
 * and never reused. Messages name limits and counts only: never keys, plaintext, nonces or room ids.
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

/** Errors of the relay authentication proof. The relay maps `code` to an error frame. */
export class AuthError extends CryptoError {
  override name = 'AuthError';

  /** The proof or public key has the wrong length or encoding. */
  static malformedProof(what: string): AuthError {
    return new AuthError('AUTH_MALFORMED_PROOF', `malformed ${what}`);
  }

  /** The challenge was never issued, was already used, or was evicted. */
  static unknownChallenge(): AuthError {
    return new AuthError('AUTH_UNKNOWN_CHALLENGE', 'challenge unknown or already used');
  }

  /** The challenge is older than the expiry window. */
  static expired(windowMs: number): AuthError {
    return new AuthError('AUTH_CHALLENGE_EXPIRED', `challenge older than ${windowMs} ms`);
  }

  /** The proof was made for another relay origin. */
  static wrongOrigin(): AuthError {
    return new AuthError('AUTH_WRONG_ORIGIN', 'challenge origin does not match this relay');
  }

  /** The signature does not verify under the given key. */
  static badProof(): AuthError {
    return new AuthError('AUTH_BAD_PROOF', 'proof does not verify');
  }

  /** Too many challenges are outstanding for one connection. */
  static tooManyChallenges(max: number): AuthError {
    return new AuthError('AUTH_TOO_MANY_CHALLENGES', `more than ${max} outstanding challenges`);
  }
}

/** Errors of PQXDH session establishment. */
export class HandshakeError extends CryptoError {
  override name = 'HandshakeError';

  /** A prekey bundle failed validation (bad signature, wrong lengths). */
  static badBundle(why: string): HandshakeError {
    return new HandshakeError('HANDSHAKE_BAD_BUNDLE', `prekey bundle rejected: ${why}`);
  }

  /** The initial message names a prekey the responder does not hold (already used or never issued). */
  static unknownPrekey(kind: string): HandshakeError {
    return new HandshakeError('HANDSHAKE_UNKNOWN_PREKEY', `unknown ${kind} prekey`);
  }

  /** The initial message cannot be decoded. */
  static malformed(why: string): HandshakeError {
    return new HandshakeError('HANDSHAKE_MALFORMED', `malformed initial message: ${why}`);
  }
}

/** Errors of the Double Ratchet. */
export class RatchetError extends CryptoError {
  override name = 'RatchetError';

  /** A ratchet message cannot be decoded. */
  static malformed(why: string): RatchetError {
    return new RatchetError('RATCHET_MALFORMED', `malformed ratchet message: ${why}`);
  }

  /** Neither header key nor message key authenticates the message. */
  static undecryptable(): RatchetError {
    return new RatchetError('RATCHET_DECRYPT_FAILED', 'ratchet message failed to decrypt');
  }

  /** The message was already decrypted once (replay). */
  static duplicate(): RatchetError {
    return new RatchetError('RATCHET_DUPLICATE', 'message already received');
  }

  /** Accepting the message would skip more keys than allowed. */
  static tooManySkipped(got: number, max: number): RatchetError {
    return new RatchetError(
      'RATCHET_TOO_MANY_SKIPPED',
      `skipping ${got} message keys exceeds the limit of ${max}`,
    );
  }

  /** Serialized state is malformed or the session cannot send yet. */
  static badState(why: string): RatchetError {
    return new RatchetError('RATCHET_BAD_STATE', `ratchet state invalid: ${why}`);
  }
}

/** Errors of MLS groups. */
export class GroupError extends CryptoError {
  override name = 'GroupError';

  /** The MLS ciphersuite is not supported. */
  static unsupportedCiphersuite(name: string): GroupError {
    return new GroupError('GROUP_UNSUPPORTED_SUITE', `unsupported MLS ciphersuite ${name}`);
  }

  /** An MLS message or state blob cannot be decoded. */
  static malformed(what: string): GroupError {
    return new GroupError('GROUP_MALFORMED', `malformed MLS ${what}`);
  }

  /** A message belongs to another epoch than the current one. */
  static wrongEpoch(got: bigint, have: bigint): GroupError {
    return new GroupError('GROUP_WRONG_EPOCH', `message for epoch ${got}, group is at epoch ${have}`);
  }

  /** ts-mls rejected an operation. */
  static operationFailed(op: string, cause?: unknown): GroupError {
    return new GroupError('GROUP_OPERATION_FAILED', `MLS ${op} failed`, { cause });
  }
}

/** Errors of at-rest key wrapping. */
export class AtRestError extends CryptoError {
  override name = 'AtRestError';

  /** KDF parameters are weaker than the configured minimum. */
  static weakParams(why: string): AtRestError {
    return new AtRestError('AT_REST_WEAK_PARAMS', `KDF parameters too weak: ${why}`);
  }

  /** The wrapped key did not unwrap (wrong passphrase or key, or tampering). */
  static unwrapFailed(): AtRestError {
    return new AtRestError('AT_REST_UNWRAP_FAILED', 'database key failed to unwrap');
  }

  /** A wrapped key or sealed record cannot be decoded. */
  static malformed(what: string): AtRestError {
    return new AtRestError('AT_REST_MALFORMED', `malformed ${what}`);
  }
}
