/** Internal: the composer asks to send text and/or files. Bubbles and crosses shadow roots. */
export class CryptalkSendEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-send';
  /**
   * @param text - the text (may be empty when only files are sent).
   * @param files - files to attach.
   */
  constructor(
    readonly text: string,
    readonly files: readonly File[] = [],
  ) {
    super(CryptalkSendEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-send': CryptalkSendEvent;
  }
}
