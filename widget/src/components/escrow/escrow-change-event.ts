import type { EscrowPhase } from '../../escrow/types.js';

/** An escrow card's phase changed (first reading included). Bubbles and crosses shadow roots. */
export class CryptalkEscrowChangeEvent extends Event {
  /** The event's type. */
  static readonly type = 'cryptalk-escrow-change';
  /**
   * @param phase - the new phase.
   * @param escrowId - the escrow's id once the order is filled, else ''.
   */
  constructor(
    readonly phase: EscrowPhase,
    readonly escrowId: string,
  ) {
    super(CryptalkEscrowChangeEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cryptalk-escrow-change': CryptalkEscrowChangeEvent;
  }
}
