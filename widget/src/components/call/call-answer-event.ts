import type { CallHandle } from '../../calls/call-handle.js';

/**
 * A ringing call was settled (from `<cryptalk-incoming-call>`): the user accepted (`call` is the joined call)
 * or declined, or the ring was `cancelled` before an answer (the caller hung up, or it expired).
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
    readonly answer: 'accepted' | 'declined' | 'cancelled',
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
