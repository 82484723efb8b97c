/**
 * Typed errors of the remote command/event interface. Every code is stable, listed in `docs/errors.md`
 * ("## Remote"), never reused. Messages name limits and counts only, never argument values.
 *
 * @module
 */
import { CrypTalkError } from '../errors.js';

/** Every code a {@link RemoteError} can carry. */
export const REMOTE_ERROR_CODES = [
  'REMOTE_MALFORMED',
  'REMOTE_UNKNOWN_COMMAND',
  'REMOTE_BAD_ARGS',
  'REMOTE_NOT_CLONEABLE',
  'REMOTE_WRONG_ORIGIN',
  'REMOTE_TIMEOUT',
  'REMOTE_TOO_MANY_PENDING',
  'REMOTE_CLOSED',
  'REMOTE_COMMAND_FAILED',
] as const;

/** A stable code of the remote interface. */
export type RemoteErrorCode = (typeof REMOTE_ERROR_CODES)[number];

/**
 * Errors of `sdk/src/remote`: a message that is not valid, a command that is not allowed, a call that timed
 * out, or an untyped failure on the other side.
 */
export class RemoteError extends CrypTalkError {
  override name = 'RemoteError';
  declare readonly code: RemoteErrorCode;

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   * @param options - the underlying cause, if any.
   */
  constructor(code: RemoteErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** A message does not match the remote message schema. */
  static malformed(why: string): RemoteError {
    return new RemoteError('REMOTE_MALFORMED', `malformed remote message: ${why}`);
  }

  /** A call names a command the host does not serve. */
  static unknownCommand(): RemoteError {
    return new RemoteError('REMOTE_UNKNOWN_COMMAND', 'unknown remote command');
  }

  /** A call's arguments fail the command's argument check. */
  static badArgs(): RemoteError {
    return new RemoteError('REMOTE_BAD_ARGS', 'invalid arguments for the remote command');
  }

  /** A value is not plain structured-clone-safe data (or exceeds the depth/size limits). */
  static notCloneable(why: string): RemoteError {
    return new RemoteError('REMOTE_NOT_CLONEABLE', `value is not plain data: ${why}`);
  }

  /** A frame message came from an origin or window that is not allowed. */
  static wrongOrigin(): RemoteError {
    return new RemoteError('REMOTE_WRONG_ORIGIN', 'message from a window or origin that is not allowed');
  }

  /** No answer within the timeout. */
  static timeout(ms: number): RemoteError {
    return new RemoteError('REMOTE_TIMEOUT', `no answer within ${ms} ms`);
  }

  /** Too many calls are waiting for an answer. */
  static tooManyPending(max: number): RemoteError {
    return new RemoteError('REMOTE_TOO_MANY_PENDING', `more than ${max} remote calls pending`);
  }

  /** The channel or proxy was closed. */
  static closed(): RemoteError {
    return new RemoteError('REMOTE_CLOSED', 'the remote channel is closed');
  }

  /** The command threw something that is not a typed CrypTalk error (its message is not forwarded). */
  static commandFailed(): RemoteError {
    return new RemoteError('REMOTE_COMMAND_FAILED', 'the remote command failed');
  }
}
