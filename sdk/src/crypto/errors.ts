/**
 * Typed errors of the crypto core. Every code is stable, listed in `docs/errors.md` (a test checks both ways)
 * and never reused. Messages name limits and counts only: never keys, plaintext, nonces or room ids.
 *
 * @module
 */
import { CryptoError } from './crypto-error.js';

export {
  CRYPTO_ERROR_CODES,
  CryptoError,
  type CryptoErrorCode,
  type CryptoErrorOptions,
} from './crypto-error.js';
export { HandshakeError, RatchetError } from './direct-errors.js';

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
