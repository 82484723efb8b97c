import type { ChatItem } from '../backend/index.js';

/** A message arrived in the open room (the user's own included). Bubbles and crosses shadow roots. */
export class CryptalkMessageEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-message';
  /**
   * @param message - the message.
   */
  constructor(readonly message: ChatItem) {
    super(CryptalkMessageEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-message': CryptalkMessageEvent;
  }
}
