import { defineOnce } from '../../internal/define.js';
import { CryptalkComposer } from './composer.component.js';

defineOnce('cryptalk-composer', CryptalkComposer);

export { CryptalkComposer };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-composer': CryptalkComposer;
  }
}
