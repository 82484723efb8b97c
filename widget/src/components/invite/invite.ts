import { defineOnce } from '../../internal/define.js';
import { CryptalkInvite } from './invite.component.js';

defineOnce('cryptalk-invite', CryptalkInvite);

export { CryptalkInvite };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-invite': CryptalkInvite;
  }
}
