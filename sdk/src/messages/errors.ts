import { CrypTalkError } from '../errors.js';

/** Every stable code of message content errors; each is listed in docs/errors.md (## Messages), never reused. */
export const MESSAGE_ERROR_CODES = [
  'MSG_MALFORMED',
  'MSG_TOO_LARGE',
  'MSG_INVALID_FIELD',
  'MSG_UNSUPPORTED_VERSION',
  'MSG_UNKNOWN_KIND',
] as const;

/** A stable code of a message content error. */
export type MessageErrorCode = (typeof MESSAGE_ERROR_CODES)[number];

/**
 * An error of the plaintext message content: encoding invalid input, or decoding bytes that are not a valid
 * message. Messages name fields and limits, never the content.
 */
export class MessageError extends CrypTalkError {
  override name = 'MessageError';
  declare readonly code: MessageErrorCode;

  /** The bytes end early, run past the end, carry trailing bytes, a non-minimal varint or bad UTF-8. */
  static malformed(what: string): MessageError {
    return new MessageError('MSG_MALFORMED', `malformed message: ${what}`);
  }

  /** A field or the whole message is larger than its limit. */
  static tooLarge(field: string, max: number): MessageError {
    return new MessageError('MSG_TOO_LARGE', `${field} is larger than ${max}`);
  }

  /** A field is outside its domain (a mention outside the text, an empty emoji, a bad id…). */
  static invalidField(field: string, why: string): MessageError {
    return new MessageError('MSG_INVALID_FIELD', `${field} ${why}`);
  }

  /** The message was made by a newer format version. */
  static unsupportedVersion(version: number): MessageError {
    return new MessageError('MSG_UNSUPPORTED_VERSION', `message format version ${version} is not supported`);
  }

  /** The message kind is not one this version knows (a newer client may have sent it). */
  static unknownKind(kind: number): MessageError {
    return new MessageError('MSG_UNKNOWN_KIND', `unknown message kind ${kind}`);
  }
}
