import { MAX_ERROR_MESSAGE_LENGTH } from '../limits.js';
import { type Fields, onlyFields, stringField } from '../validate.js';
import type { FrameBase } from './base.js';

/** Longest error code. */
export const MAX_ERROR_CODE_LENGTH = 64;

/**
 * Relay → client: a request failed, or a frame could not be read. Codes are listed in docs/errors.md.
 *
 * ```text
 * R→C {v:1, t:"error", code, message, rid?}
 * ```
 */
export interface ErrorFrame extends FrameBase {
  t: 'error';
  code: string;
  message: string;
}

/** Decodes the body of an `error` frame. */
export function decodeError(o: Fields, base: FrameBase): ErrorFrame {
  onlyFields(o, ['code', 'message']);
  return {
    ...base,
    t: 'error',
    code: stringField(o, 'code', MAX_ERROR_CODE_LENGTH),
    message: stringField(o, 'message', MAX_ERROR_MESSAGE_LENGTH),
  };
}
