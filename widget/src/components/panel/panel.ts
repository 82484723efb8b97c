import { defineOnce } from '../../internal/define.js';
import '../composer/composer.js';
import '../invite/invite.js';
import '../message-list/message-list.js';
import '../room-list/room-list.js';
import '../safety-number/safety-number.js';
import { CryptalkPanel } from './panel.component.js';

defineOnce('cryptalk-panel', CryptalkPanel);

export { CryptalkPanel };

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-panel': CryptalkPanel;
  }
}
