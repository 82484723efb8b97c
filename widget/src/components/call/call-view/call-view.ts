import { defineOnce } from '../../../internal/define.js';
import { CryptalkCallView } from './call-view.component.js';

defineOnce('cryptalk-call-view', CryptalkCallView);

export { CryptalkCallView };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-call-view': CryptalkCallView;
  }
}
