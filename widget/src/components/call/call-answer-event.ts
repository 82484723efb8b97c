import type { CallHandle } from '../../calls/call-handle.js';

/**
 * The user answered a ringing call (from `<cryptalk-incoming-call>`): `call` is the joined call when accepted.
 * Bubbles and crosses shadow roots.
 */
export class CryptalkCallAnswerEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-call-answer';
  /**
   * @param answer - what the user chose.
   * @param call - the call, when accepted.
   */
  constructor(
    readonly answer: 'accepted' | 'declined',
    readonly call: CallHandle | undefined,
  ) {
    super(CryptalkCallAnswerEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-call-answer': CryptalkCallAnswerEvent;
  }
}
