import { defineOnce } from '../../internal/define.js';
import { CryptalkMessageList } from './message-list.component.js';

defineOnce('cryptalk-message-list', CryptalkMessageList);

export { CryptalkMessageList };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-message-list': CryptalkMessageList;
  }
}
