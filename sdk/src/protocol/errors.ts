/**
 * Stable codes for every way a frame can be malformed. Codes are never reused; see docs/errors.md.
 */
export type ProtocolErrorCode =
  | 'PROTO_NOT_TEXT'
  | 'PROTO_TOO_LARGE'
  | 'PROTO_MALFORMED_JSON'
  | 'PROTO_NOT_OBJECT'
  | 'PROTO_UNSUPPORTED_VERSION'
  | 'PROTO_UNKNOWN_TYPE'
  | 'PROTO_INVALID_FIELD';

/**
 * Thrown by every decoder of `protocol/` and nothing else. Messages name the field and the limit, never the
 * field's value, so they are safe to log and to send back to a client.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  /** A stable, documented code. */
  readonly code: ProtocolErrorCode;

  /**
   * @param code - the stable code.
   * @param message - a human-readable message that contains no payload, key or room id.
   */
  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** The frame was binary where text was expected. */
  static notText(): ProtocolError {
    return new ProtocolError('PROTO_NOT_TEXT', 'binary frames are not accepted');
  }

  /** The frame is larger than the limit. */
  static tooLarge(size: number, max: number): ProtocolError {
    return new ProtocolError('PROTO_TOO_LARGE', `frame of ${size} bytes exceeds the limit of ${max} bytes`);
  }

  /** The frame is not valid JSON. */
  static malformedJson(): ProtocolError {
    return new ProtocolError('PROTO_MALFORMED_JSON', 'frame is not valid JSON');
  }

  /** The frame is JSON but not an object. */
  static notObject(): ProtocolError {
    return new ProtocolError('PROTO_NOT_OBJECT', 'frame is not a JSON object');
  }

  /** The frame's version is not one this peer speaks. */
  static unsupportedVersion(): ProtocolError {
    return new ProtocolError('PROTO_UNSUPPORTED_VERSION', 'unsupported protocol version');
  }

  /** The frame's type is not known for this direction. */
  static unknownType(): ProtocolError {
    return new ProtocolError('PROTO_UNKNOWN_TYPE', 'unknown frame type');
  }

  /** A field is missing, has the wrong type or breaks a limit. */
  static invalidField(field: string, why: string): ProtocolError {
    return new ProtocolError('PROTO_INVALID_FIELD', `field "${field}" ${why}`);
  }
}
