/**
 * The script-tag loader (`cryptalk.js`, IIFE, ≤ 6 KB gzip): defines `<cryptalk-chat>` at once, installs
 * `window.CrypTalk` (replaying calls queued by the stub), and loads the chat core — `cryptalk-core.js`
 * beside this script — only on first open, with a dynamic `import()` of a same-origin module (allowed by
 * `script-src 'self'`, so it works under a strict Content-Security-Policy).
 * @module
 */
import { type ChatCore, CryptalkChat } from './components/chat/chat.component.js';
import { defineOnce } from './internal/define.js';
import { installPageApi } from './page-api.js';

/** The chat core's file name, beside the loader. */
const CORE_FILE = 'cryptalk-core.js';

// `currentScript` is set while a classic script runs (async included); the query is a fallback for
// loaders that inject the script in unusual ways.
const script = (document.currentScript ??
  document.querySelector('script[src*="cryptalk.js"]')) as HTMLScriptElement | null;
const coreUrl = new URL(CORE_FILE, script?.src || document.baseURI).href;

CryptalkChat.loadCore ??= () => import(/* @vite-ignore */ coreUrl) as Promise<ChatCore>;
defineOnce('cryptalk-chat', CryptalkChat);
installPageApi(window as unknown as { CrypTalk?: unknown });

export { CryptalkChat };
