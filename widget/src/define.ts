/**
 * `@cryptalk/widget/define`: registers `<cryptalk-chat>` (once, even when two copies load) and loads the
 * chat core on first open with a dynamic import, which bundlers split into its own chunk.
 * @module
 */
import { type ChatCore, CryptalkChat } from './components/chat/chat.component.js';
import { defineOnce } from './internal/define.js';

CryptalkChat.loadCore ??= () => import('./core.js') as Promise<ChatCore>;
defineOnce('cryptalk-chat', CryptalkChat);

export { CryptalkChat };
