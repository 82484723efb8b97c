import { CryptalkChat } from './define.js';

/** The page API on `window.CrypTalk`: drives the first `<cryptalk-chat>` on the page. */
export interface CrypTalkPageApi {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): Promise<void>;
}

function first(): CryptalkChat | null {
  return document.querySelector('cryptalk-chat');
}

const api: CrypTalkPageApi = {
  open: () => first()?.show(),
  close: () => first()?.hide(),
  toggle: () => first()?.toggle(),
  send: async (text) => {
    await first()?.send(text);
  },
};

(globalThis as unknown as { CrypTalk: CrypTalkPageApi }).CrypTalk = api;

export { CryptalkChat };
