/** Every stable code of the relay's calls feature; each is listed in docs/errors.md (## Calls). */
export const CALLS_ERROR_CODES = ['CALLS_NOT_MEMBER', 'CALLS_NOT_CONFIGURED'] as const;

/** A stable code of the relay's calls feature. */
export type CallsErrorCode = (typeof CALLS_ERROR_CODES)[number];

/** An error of the relay's calls feature, with a stable `code`. Messages never carry room ids or keys. */
export class CallsError extends Error {
  override name = 'CallsError';
  /** A stable, documented code. */
  readonly code: CallsErrorCode;
  /** The HTTP status the relay answers with: 403 for a non-member, 503 when not configured. */
  get httpStatus(): number {
    return this.code === 'CALLS_NOT_MEMBER' ? 403 : 503;
  }

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   */
  constructor(code: CallsErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** A token or credentials were asked for a room the requester is not a member of. */
  static notMember(): CallsError {
    return new CallsError('CALLS_NOT_MEMBER', 'call credentials are only given to members of the room');
  }

  /** The relay has no LiveKit or TURN configuration. */
  static notConfigured(what: 'livekit' | 'turn'): CallsError {
    return new CallsError('CALLS_NOT_CONFIGURED', `the relay has no ${what} configuration`);
  }
}
