/** The chat panel opened. Bubbles and crosses shadow roots. */
export class CryptalkOpenEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-open';
  constructor() {
    super(CryptalkOpenEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-open': CryptalkOpenEvent;
  }
}
