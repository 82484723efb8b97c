import { CryptalkChat } from './components/chat/chat.component.js';

/** Registers `<cryptalk-chat>` once, even when two copies of the widget load. */
if (!customElements.get('cryptalk-chat')) customElements.define('cryptalk-chat', CryptalkChat);

export { CryptalkChat };
