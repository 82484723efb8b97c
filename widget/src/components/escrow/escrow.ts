import { defineOnce } from '../../internal/define.js';
import { CryptalkEscrowCard } from './escrow.component.js';

defineOnce('cryptalk-escrow-card', CryptalkEscrowCard);

export { CryptalkEscrowChangeEvent } from './escrow-change-event.js';
export { CryptalkEscrowCard };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-escrow-card': CryptalkEscrowCard;
  }
}
