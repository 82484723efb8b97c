/** The user asked to start a call (from `<cryptalk-call-button>`). Bubbles and crosses shadow roots. */
export class CryptalkCallStartEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-call-start';
  /** @param video - whether the call starts with the camera on. */
  constructor(readonly video: boolean) {
    super(CryptalkCallStartEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-call-start': CryptalkCallStartEvent;
  }
}
