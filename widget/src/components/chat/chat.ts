import { defineOnce } from '../../internal/define.js';
import { CryptalkChat } from './chat.component.js';

defineOnce('cryptalk-chat', CryptalkChat);

export { CryptalkChat };
