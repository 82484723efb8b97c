/**
 * The host page's side of the `frame` placement: stands where `<cryptalk-panel>` would, but holds only a
 * cross-origin iframe of the relay's `/embed` page. It forwards the element's settings, its computed
 * `--ct-*` tokens and the page API's `send`/focus over `postMessage` (exact target origin, never `*`), and
 * accepts only well-formed events from that iframe's window and origin. Plain DOM: it is part of the loader.
 *
 * @module
 */
import { REMOTE_MARKER, REMOTE_VERSION } from '@cryptalk/sdk/remote';
import { CryptalkActionEvent } from '../events/action-event.js';
import { CryptalkMessageEvent } from '../events/message-event.js';
import { embedUrl, type FrameConfig, type FrameEvents } from '../frame/frame-protocol.js';
import { LIGHT } from '../themes/tokens.js';
import { parsePersist } from './placement.js';

/** How long a `send` through the frame may take, in ms. */
export const FRAME_CALL_TIMEOUT_MS = 30_000;

/**
 * Sandbox of the iframe. `allow-scripts` with `allow-same-origin` is safe only because the frame's origin
 * (the relay's) differs from the host page's; {@link FramePanel} refuses a same-origin frame.
 */
export const FRAME_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox';

/** What the shell reads from its `<cryptalk-chat>`. */
export interface FrameShellHost extends HTMLElement {
  getAttribute(name: string): string | null;
}

type Settled = { resolve: (v: unknown) => void; reject: (e: Error) => void };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/**
 * A stand-in for the panel that shows the chat in the relay's frame. Create it with {@link createFramePanel}.
 */
export class FramePanel {
  /** The element placed where the panel goes (the iframe). */
  readonly element: HTMLIFrameElement;
  /** Messages from the frame's window refused (bad shape), and from elsewhere ignored. */
  rejected = 0;
  readonly #origin: string;
  readonly #host: FrameShellHost;
  readonly #pending = new Map<number, Settled>();
  readonly #ready: Promise<void>;
  #config: Omit<FrameConfig, 'tokens'> = {
    room: '',
    brand: 'Chat',
    logo: '',
    locale: '',
    mode: 'launcher',
    active: true,
  };
  #scheduled = false;
  #nextId = 1;
  #markReady: () => void = () => {};

  /**
   * @param host - the `<cryptalk-chat>` element (attributes and computed tokens are read from it).
   * @param url - the embed page's URL.
   * @throws TypeError when the frame would share the host page's origin.
   */
  constructor(host: FrameShellHost, url: URL) {
    if (url.origin === location.origin) {
      throw new TypeError('the chat frame must be served from another origin than the page');
    }
    this.#host = host;
    this.#origin = url.origin;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', FRAME_SANDBOX);
    // Camera and microphone are delegated only when the site turns calls on.
    frame.setAttribute(
      'allow',
      host.hasAttribute('calls') ? `camera ${url.origin}; microphone ${url.origin}` : '',
    );
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('part', 'frame');
    frame.title = host.getAttribute('brand') || 'Chat';
    frame.src = url.href;
    this.element = frame;
    addEventListener('message', (e) => this.#onMessage(e));
  }

  /** Pushes settings to the frame (batched to one message per task). */
  configure(patch: Partial<Omit<FrameConfig, 'tokens'>>): void {
    Object.assign(this.#config, patch);
    if (this.#scheduled) return;
    this.#scheduled = true;
    void this.#ready.then(() => {
      this.#scheduled = false;
      this.#call('configure', [{ ...this.#config, tokens: this.tokens() }]).catch(() => {});
    });
  }

  /** The host element's computed `--ct-*` tokens (the documented ones, set or inherited). */
  tokens(): Record<string, string> {
    const style = getComputedStyle(this.#host);
    const out: Record<string, string> = {};
    for (const name of Object.keys(LIGHT)) {
      const value = style.getPropertyValue(`--ct-${name}`).trim();
      if (value) out[`--ct-${name}`] = value;
    }
    return out;
  }

  /** Sends text as the user (the page API's `send`). */
  async send(text: string): Promise<void> {
    await this.#ready;
    await this.#call('send', [text]);
  }

  /** Moves focus into the frame's composer. */
  focus(): void {
    this.element.focus();
    void this.#ready.then(() => this.#call('focus', []).catch(() => {}));
  }

  #call(cmd: string, args: unknown[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error('the chat frame did not answer'));
      }, FRAME_CALL_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.element.contentWindow?.postMessage(
        { $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'call', id, cmd, args },
        this.#origin,
      );
    });
  }

  #onMessage(e: MessageEvent): void {
    if (e.source !== this.element.contentWindow || e.origin !== this.#origin) return;
    const d: unknown = e.data;
    if (!isRecord(d) || d.$ct !== REMOTE_MARKER || d.v !== REMOTE_VERSION) return void this.rejected++;
    if (d.k === 'ok' || d.k === 'err') {
      const p = typeof d.id === 'number' ? this.#pending.get(d.id) : undefined;
      if (!p) return void this.rejected++;
      this.#pending.delete(d.id as number);
      if (d.k === 'ok') p.resolve(d.value);
      else
        p.reject(
          Object.assign(new Error('the chat frame refused the call'), {
            code: (d.error as { code?: unknown })?.code,
          }),
        );
      return;
    }
    if (d.k !== 'event' || !isRecord(d.payload)) return void this.rejected++;
    this.#onEvent(d.name, d.payload);
  }

  #onEvent(name: unknown, p: Record<string, unknown>): void {
    if (name === 'ready') {
      // A reloaded frame says ready again: push the settings once more.
      this.#markReady();
      this.configure({});
      return;
    }
    if (name === 'action' && (p as FrameEvents['action']).action === 'close') {
      this.element.dispatchEvent(new CryptalkActionEvent('close'));
      return;
    }
    if (
      name === 'notice' &&
      typeof p.id === 'string' &&
      typeof p.own === 'boolean' &&
      typeof p.sentAt === 'number'
    ) {
      // The host page learns that a message came, never its text or author.
      const item = { id: p.id, room: this.#config.room, author: '', own: p.own, text: '', sentAt: p.sentAt };
      this.element.dispatchEvent(new CryptalkMessageEvent(item));
      return;
    }
    this.rejected++;
  }
}

/**
 * Creates the frame stand-in for a `<cryptalk-chat>`.
 * @param host - the element.
 * @returns the panel, or undefined when the `relay` attribute is not a ws:// or wss:// URL.
 */
export function createFramePanel(host: FrameShellHost): FramePanel | undefined {
  // `persist="none"` reaches the frame, which then keeps the identity and history in memory only.
  const url = embedUrl(
    host.getAttribute('relay') ?? '',
    location.origin,
    parsePersist(host.getAttribute('persist')),
  );
  return url ? new FramePanel(host, url) : undefined;
}
