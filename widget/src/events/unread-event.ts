/** The number of unread messages changed. Bubbles and crosses shadow roots. */
export class CryptalkUnreadEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-unread';
  /**
   * @param count - messages received while the panel was closed or the page hidden.
   */
  constructor(readonly count: number) {
    super(CryptalkUnreadEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-unread': CryptalkUnreadEvent;
  }
}
