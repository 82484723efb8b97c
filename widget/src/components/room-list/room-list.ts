import { defineOnce } from '../../internal/define.js';
import { CryptalkRoomList } from './room-list.component.js';

defineOnce('cryptalk-room-list', CryptalkRoomList);

export { CryptalkRoomList };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-room-list': CryptalkRoomList;
  }
}
