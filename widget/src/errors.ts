import { CrypTalkError } from '@cryptalk/sdk';

/** Stable codes of the widget's errors (to be listed in docs/errors.md). */
export type WidgetErrorCode = 'WIDGET_UNSUPPORTED' | 'WIDGET_NOT_READY' | 'WIDGET_ATTACHMENT_TOO_LARGE';

/** Errors the widget throws: a feature the chat backend does not offer yet, a call made too early, a limit. */
export class WidgetError extends CrypTalkError {
  override name = 'WidgetError';
  declare readonly code: WidgetErrorCode;

  /**
   * The chat backend does not offer this operation (yet).
   * @param operation - the operation's name, e.g. `edit`.
   */
  static unsupported(operation: string): WidgetError {
    return new WidgetError('WIDGET_UNSUPPORTED', `the chat backend does not support ${operation}`);
  }

  /** An operation needs a room and the element has none (no `room` attribute). */
  static notReady(): WidgetError {
    return new WidgetError('WIDGET_NOT_READY', 'the chat has no room to use: set the room attribute');
  }

  /**
   * An attachment is larger than the limit.
   * @param size - its size in bytes.
   * @param max - the limit in bytes.
   */
  static attachmentTooLarge(size: number, max: number): WidgetError {
    return new WidgetError('WIDGET_ATTACHMENT_TOO_LARGE', `attachment of ${size} bytes exceeds ${max} bytes`);
  }
}
