import { CrypTalkError } from '../errors.js';

/** Every stable code of outbox errors; each is listed in docs/errors.md (## Outbox), never reused. */
export const OUTBOX_ERROR_CODES = [
  'OUTBOX_CLOSED',
  'OUTBOX_FULL',
  'OUTBOX_TOO_LARGE',
  'OUTBOX_REJECTED',
  'OUTBOX_INVALID',
] as const;

/** A stable code of an outbox error. */
export type OutboxErrorCode = (typeof OUTBOX_ERROR_CODES)[number];

/** An error of the offline outbox. Messages never carry payloads, room ids or message ids. */
export class OutboxError extends CrypTalkError {
  override name = 'OutboxError';
  declare readonly code: OutboxErrorCode;

  /** The outbox was used after `close()`. */
  static closed(): OutboxError {
    return new OutboxError('OUTBOX_CLOSED', 'the outbox is closed');
  }

  /** The outbox holds `max` messages already. */
  static full(max: number): OutboxError {
    return new OutboxError('OUTBOX_FULL', `the outbox holds its maximum of ${max} messages`);
  }

  /** A payload is larger than `max` bytes. */
  static tooLarge(max: number): OutboxError {
    return new OutboxError('OUTBOX_TOO_LARGE', `payload larger than ${max} bytes`);
  }

  /** The relay refused a message for good with `relayCode`. */
  static rejected(relayCode: string): OutboxError {
    return new OutboxError('OUTBOX_REJECTED', `the relay refused the message (${relayCode})`);
  }

  /** An argument is not valid. */
  static invalid(what: string): OutboxError {
    return new OutboxError('OUTBOX_INVALID', `invalid ${what}`);
  }
}
