/** What a {@link CryptalkActionEvent} asks for. */
export type ChatAction =
  | 'reply'
  | 'edit'
  | 'delete'
  | 'react'
  | 'cancel'
  | 'typing'
  | 'retry'
  | 'verify'
  | 'close'
  | 'select-room';

/**
 * Internal: a component asks the panel to act (reply to, edit, delete or react to a message; cancel a
 * reply or edit; signal typing; retry; verify a safety number; close; open a room). Bubbles and crosses
 * shadow roots.
 */
export class CryptalkActionEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-action';
  /**
   * @param action - what to do.
   * @param subject - the message or room id it applies to, if any.
   * @param value - the reaction's emoji, if any.
   */
  constructor(
    readonly action: ChatAction,
    readonly subject = '',
    readonly value = '',
  ) {
    super(CryptalkActionEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-action': CryptalkActionEvent;
  }
}
