import type { CryptalkChat } from './components/chat/chat.component.js';
import type { EscrowOfferPayload } from './escrow/escrow-offer.js';
import type { ThemePreset } from './themes/tokens.js';

/** A command queued by the stub before the script loaded: the method name and its arguments. */
export type QueuedCall = [method: string, ...args: unknown[]];

/**
 * The page API on `window.CrypTalk`: drives the first `<cryptalk-chat>` on the page. Callable both as
 * methods (`CrypTalk.open()`) and as a function (`CrypTalk('open')`), the form the queue stub records.
 */
export interface CrypTalkPageApi {
  (method: string, ...args: unknown[]): unknown;
  open(): Promise<void>;
  close(): Promise<void>;
  toggle(): Promise<void>;
  send(text: string): Promise<void>;
  /** Posts an escrow offer (a signed offer or its text) as an encrypted room message; see `CryptalkChat.postEscrowOffer`. */
  postEscrowOffer(offer: EscrowOfferPayload | string): Promise<void>;
  setTheme(theme: ThemePreset): Promise<void>;
  setLocale(locale: string): Promise<void>;
  /** The stub's queue; drained when the script loads. */
  q?: QueuedCall[];
}

/** The first `<cryptalk-chat>`, once the page has one (waits for the DOM to be parsed). */
async function first(): Promise<CryptalkChat> {
  const find = () => document.querySelector('cryptalk-chat');
  let el = find();
  if (!el && document.readyState === 'loading') {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    el = find();
  }
  if (!el) throw new Error('no <cryptalk-chat> element on the page');
  await customElements.whenDefined('cryptalk-chat');
  return el;
}

/**
 * Installs `window.CrypTalk`, replaying the calls the queue stub recorded.
 * @param win - the window (the loader passes `window`).
 * @returns the API.
 */
export function installPageApi(win: { CrypTalk?: unknown }): CrypTalkPageApi {
  const methods = {
    open: async () => (await first()).show(),
    close: async () => (await first()).hide(),
    toggle: async () => (await first()).toggle(),
    send: async (text: string) => (await first()).send(text),
    postEscrowOffer: async (offer: EscrowOfferPayload | string) => (await first()).postEscrowOffer(offer),
    setTheme: async (theme: ThemePreset) => (await first()).setTheme(theme),
    setLocale: async (locale: string) => (await first()).setLocale(locale),
  };
  const call = (method: string, ...args: unknown[]): unknown => {
    const fn = (methods as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
    if (!fn) throw new TypeError(`CrypTalk has no method ${method}`);
    return fn(...args);
  };
  const api = Object.assign(call, methods) as CrypTalkPageApi;
  const queued = (win.CrypTalk as { q?: QueuedCall[] } | undefined)?.q ?? [];
  win.CrypTalk = api;
  for (const [method, ...args] of queued) void Promise.resolve(call(method, ...args)).catch(() => {});
  return api;
}
