import { CrypTalkError } from '../errors.js';

/** Every stable code of attachment errors; each is listed in docs/errors.md (## Attachments), never reused. */
export const ATTACHMENT_ERROR_CODES = [
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_DECRYPT_FAILED',
  'ATTACHMENT_TRUNCATED',
  'ATTACHMENT_MALFORMED',
  'ATTACHMENT_DIGEST_MISMATCH',
  'ATTACHMENT_NOT_FOUND',
  'ATTACHMENT_QUOTA',
  'ATTACHMENT_RATE_LIMITED',
  'ATTACHMENT_HTTP',
  'ATTACHMENT_NETWORK',
  'ATTACHMENT_ABORTED',
  'ATTACHMENT_SOURCE_CHANGED',
  'ATTACHMENT_BAD_RESUME_STATE',
] as const;

/** A stable code of an attachment error. */
export type AttachmentErrorCode = (typeof ATTACHMENT_ERROR_CODES)[number];

/** An error of attachment encryption or transfer. Messages name sizes and statuses, never keys, names or ids. */
export class AttachmentError extends CrypTalkError {
  override name = 'AttachmentError';
  declare readonly code: AttachmentErrorCode;

  /** The file is larger than `max` bytes. */
  static tooLarge(max: number): AttachmentError {
    return new AttachmentError('ATTACHMENT_TOO_LARGE', `attachment larger than ${max} bytes`);
  }

  /** Chunk `index` did not authenticate (wrong key, tampering, reordering). */
  static decryptFailed(index: number, cause?: unknown): AttachmentError {
    return new AttachmentError('ATTACHMENT_DECRYPT_FAILED', `chunk ${index} did not authenticate`, { cause });
  }

  /** The chunk stream ended before the final chunk, or continued after it. */
  static truncated(what: string): AttachmentError {
    return new AttachmentError('ATTACHMENT_TRUNCATED', `attachment truncated: ${what}`);
  }

  /** The manifest does not decode or contradicts the reference. */
  static malformed(what: string): AttachmentError {
    return new AttachmentError('ATTACHMENT_MALFORMED', `malformed attachment: ${what}`);
  }

  /** The downloaded manifest does not hash to the reference's digest. */
  static digestMismatch(what: string): AttachmentError {
    return new AttachmentError('ATTACHMENT_DIGEST_MISMATCH', `${what} does not match its digest`);
  }

  /** The relay has no such blob. */
  static notFound(): AttachmentError {
    return new AttachmentError(
      'ATTACHMENT_NOT_FOUND',
      'blob not found at the relay (never uploaded or expired)',
    );
  }

  /** The relay's blob quota is exhausted. */
  static quota(): AttachmentError {
    return new AttachmentError('ATTACHMENT_QUOTA', 'the relay blob quota is exhausted');
  }

  /** Uploads stayed rate limited after `attempts` tries. */
  static rateLimited(attempts: number): AttachmentError {
    return new AttachmentError(
      'ATTACHMENT_RATE_LIMITED',
      `uploads still rate limited after ${attempts} attempts`,
    );
  }

  /** The relay answered with an unexpected HTTP status. */
  static http(status: number): AttachmentError {
    return new AttachmentError('ATTACHMENT_HTTP', `unexpected HTTP status ${status}`);
  }

  /** The request failed before an answer. */
  static network(cause: unknown): AttachmentError {
    return new AttachmentError('ATTACHMENT_NETWORK', 'the blob request failed', { cause });
  }

  /** The caller aborted the transfer. */
  static aborted(): AttachmentError {
    return new AttachmentError('ATTACHMENT_ABORTED', 'the transfer was aborted');
  }

  /** A resumed upload's source differs from the one that was interrupted. */
  static sourceChanged(): AttachmentError {
    return new AttachmentError('ATTACHMENT_SOURCE_CHANGED', 'the file changed since the interrupted upload');
  }

  /** A saved transfer state does not decode or does not fit the file. */
  static badResumeState(what: string): AttachmentError {
    return new AttachmentError('ATTACHMENT_BAD_RESUME_STATE', `bad resume state: ${what}`);
  }
}
