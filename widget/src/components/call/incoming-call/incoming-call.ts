import { defineOnce } from '../../../internal/define.js';
import { CryptalkIncomingCall } from './incoming-call.component.js';

defineOnce('cryptalk-incoming-call', CryptalkIncomingCall);

export { CryptalkIncomingCall };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-incoming-call': CryptalkIncomingCall;
  }
}
