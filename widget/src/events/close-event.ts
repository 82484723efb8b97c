/** The chat panel closed. Bubbles and crosses shadow roots. */
export class CryptalkCloseEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-close';
  constructor() {
    super(CryptalkCloseEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-close': CryptalkCloseEvent;
  }
}
