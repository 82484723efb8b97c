/**
 * The base class of the SDK's errors.
 *
 * @module
 */

/**
 * The base of every error the SDK throws or emits: a stable `code`, an optional `cause`, and a message that
 * never contains keys, plaintext or room ids.
 */
export class CrypTalkError extends Error {
  override name = 'CrypTalkError';
  /** A stable, documented code. */
  readonly code: string;

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   * @param options - the underlying cause, if any.
   */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
