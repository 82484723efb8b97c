import { defineOnce } from '../../../internal/define.js';
import { CryptalkCallButton } from './call-button.component.js';

defineOnce('cryptalk-call-button', CryptalkCallButton);

export { CryptalkCallButton };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-call-button': CryptalkCallButton;
  }
}
