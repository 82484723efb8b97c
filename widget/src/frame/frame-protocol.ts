/**
 * What the `<cryptalk-chat>` shell on the host page and the chat inside the relay's `/embed` frame say to
 * each other over `postMessage`, in the SDK's remote wire format. The host page is not trusted: it can only
 * configure the look, send text as the user (like the page API) and move focus — no command returns
 * messages, keys or storage, and events carry no plaintext.
 *
 * @module
 */

import type { PersistMode } from '../placement/placement.js';

/** Path of the embed page on the relay. */
export const FRAME_PATH = '/embed';
/** File name of the frame's script, served by the relay beside the page. */
export const FRAME_FILE = 'cryptalk-frame.js';
/** Most theme tokens forwarded. */
export const FRAME_MAX_TOKENS = 64;
/** Longest value of one forwarded token. */
export const FRAME_MAX_TOKEN_VALUE = 256;
/** Longest room (a name or an invite link), brand, logo URL or locale forwarded. */
export const FRAME_MAX_FIELD = 4096;
/** A forwarded token's name: a documented `--ct-*` custom property. */
export const FRAME_TOKEN_NAME_RE = /^--ct-[a-z0-9-]{1,48}$/;
/** Characters a token value may not contain (they could end the declaration). */
const TOKEN_VALUE_BAD = /[;{}<>\\]/;

/** The shell's settings pushed into the frame. */
export interface FrameConfig {
  room: string;
  brand: string;
  logo: string;
  locale: string;
  mode: 'launcher' | 'inline' | 'page';
  /** Whether the panel is visible on the host page. */
  active: boolean;
  /** `--ct-*` token → its computed value on the host element. */
  tokens: Record<string, string>;
}

/** Commands the frame serves to the shell. */
export type FrameCommands = {
  configure(config: FrameConfig): void;
  send(text: string): Promise<void>;
  focus(): void;
};

/** What a message notice carries to the host page: never the text or the author. */
export interface FrameNotice {
  id: string;
  own: boolean;
  sentAt: number;
}

/** Events the frame sends to the shell. */
export type FrameEvents = {
  ready: { version: number };
  notice: FrameNotice;
  action: { action: 'close' };
};

/** Names of {@link FrameEvents}. */
export const FRAME_EVENTS = ['ready', 'notice', 'action'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const str = (v: unknown, max = FRAME_MAX_FIELD): v is string => typeof v === 'string' && v.length <= max;

/**
 * Checks a {@link FrameConfig} strictly: exactly its keys, bounded strings, known modes, documented token
 * names and values that cannot end a declaration.
 * @param v - what arrived.
 * @returns whether it is a valid config.
 */
export function isFrameConfig(v: unknown): v is FrameConfig {
  if (!isRecord(v)) return false;
  const keys = Object.keys(v).sort().join();
  if (keys !== 'active,brand,locale,logo,mode,room,tokens') return false;
  if (![v.room, v.brand, v.logo, v.locale].every((s) => str(s))) return false;
  if (v.mode !== 'launcher' && v.mode !== 'inline' && v.mode !== 'page') return false;
  if (typeof v.active !== 'boolean' || !isRecord(v.tokens)) return false;
  const tokens = Object.entries(v.tokens);
  return (
    tokens.length <= FRAME_MAX_TOKENS &&
    tokens.every(
      ([name, value]) =>
        FRAME_TOKEN_NAME_RE.test(name) && str(value, FRAME_MAX_TOKEN_VALUE) && !TOKEN_VALUE_BAD.test(value),
    )
  );
}

/**
 * The embed page's URL for a relay: `wss://relay.example` → `https://relay.example/embed?origin=…`, with
 * `&persist=none` when the host chose no persistence (the frame then keeps nothing in the relay's origin).
 * @param relay - the relay's WebSocket URL.
 * @param hostOrigin - the host page's origin (the relay allows the frame only there).
 * @param persist - the host element's `persist` choice. @default 'device'
 * @returns the URL, or undefined when `relay` is not a ws:// or wss:// URL.
 */
export function embedUrl(
  relay: string,
  hostOrigin: string,
  persist: PersistMode = 'device',
): URL | undefined {
  let u: URL;
  try {
    u = new URL(relay);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') return undefined;
  const url = new URL(FRAME_PATH, `${u.protocol === 'wss:' ? 'https:' : 'http:'}//${u.host}`);
  url.searchParams.set('origin', hostOrigin);
  if (persist === 'none') url.searchParams.set('persist', 'none');
  return url;
}
