/**
 * The crypto core's errors that only 1:1 rooms raise (the PQXDH handshake, the Double Ratchet), in a module of
 * their own so a bundle keeps them with the 1:1 rooms' lazy code; `errors.ts` re-exports them.
 *
 * @module
 */
import { CryptoError } from './crypto-error.js';

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
