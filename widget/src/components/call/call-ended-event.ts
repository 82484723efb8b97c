/** A call shown by `<cryptalk-call-view>` ended (hung up here or elsewhere). Bubbles and crosses shadow roots. */
export class CryptalkCallEndedEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-call-ended';
  /**
   * @param code - why (`hangup` when the user hung up).
   * @param reason - a readable reason.
   */
  constructor(
    readonly code: string,
    readonly reason: string,
  ) {
    super(CryptalkCallEndedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-call-ended': CryptalkCallEndedEvent;
  }
}
