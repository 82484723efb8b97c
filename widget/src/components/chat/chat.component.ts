import type { ChatBackend } from '../../backend/chat-backend.js';
import type { EscrowOfferPayload } from '../../escrow/escrow-offer.js';
import { escrowOfferMessageText } from '../../escrow/offer-text.js';
import { CryptalkCloseEvent } from '../../events/close-event.js';
import type { CryptalkMessageEvent } from '../../events/message-event.js';
import { CryptalkOpenEvent } from '../../events/open-event.js';
import { CryptalkUnreadEvent } from '../../events/unread-event.js';
import { createFramePanel } from '../../placement/frame-panel.js';
import { placedBackend } from '../../placement/placed-backend.js';
import { type PersistMode, parsePersist, parsePlacement } from '../../placement/placement.js';
import type { ThemePreset } from '../../themes/tokens.js';
import { launcherStringsFor } from '../../translations/launcher.js';
import { chatStyles } from './chat.styles.js';

/** What the lazily loaded chat core offers the launcher. Loading it also defines `<cryptalk-panel>`. */
/** The fragment of an invite link: `#ct1.` then the invite (see the SDK's `parseInviteLink`). */
const INVITE_FRAGMENT = /^#ct1\./;

export interface ChatCore {
  /** Creates the backend for a relay (the SDK adapter). */
  createBackend(options: { relay: string; inviteBase?: string; persist?: PersistMode }): Promise<ChatBackend>;
  /** Creates the backend in a dedicated Worker (the script-tag core only; see `placement`). */
  createWorkerBackend?(options: {
    relay: string;
    inviteBase: string;
    persist?: PersistMode;
  }): Promise<ChatBackend>;
  /** Loads the strings of a shipped locale other than English (a lazy chunk). */
  loadTranslation?(code: string): Promise<unknown>;
}

/** The part of `<cryptalk-panel>` the launcher drives (declared here so the loader does not import Lit). */
interface PanelElement extends HTMLElement {
  backend: ChatBackend | undefined;
  room: string;
  brand: string;
  logo: string;
  locale: string;
  mode: string;
  active: boolean;
  send(text: string): Promise<void>;
  focusFirst(): void;
}

/** Parts of the panel and its views, forwarded so `cryptalk-chat::part(x)` reaches them. */
const PANEL_PARTS =
  'panel, header, title, logo, status, close, error, toolbar, messages, message, bubble, author, text, link, ' +
  'reactions, typing, attachment, empty, composer, input, send, emoji-button, attach-button, banner, upload';

const ICON_PATH = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A base class that exists in Node too, so importing the package stays SSR-safe. */
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

let sheet: CSSStyleSheet | undefined;

/**
 * The CrypTalk chat. A launcher bubble (or an inline / full-page chat) that loads the chat core (Lit,
 * SDK, crypto) only when first opened. Built with plain DOM APIs so the script-tag loader stays tiny.
 *
 * @summary End-to-end-encrypted chat in one element.
 * @fires cryptalk-open - the panel opened.
 * @fires cryptalk-close - the panel closed.
 * @fires cryptalk-message - a message arrived (`event.message`).
 * @fires cryptalk-unread - the unread count changed (`event.count`).
 * @attr {'end' | 'start'} position - the launcher's corner: `end` (default) or `start`.
 * @attr {'worker' | 'same' | 'frame'} placement - where the SDK runs: `worker` (default, a dedicated Worker),
 *   `same` (the page's thread) or `frame` (a cross-origin iframe served by the relay's `/embed`).
 * @attr {'device' | 'none'} persist - `device` (default): identity, rooms and history kept across reloads in an
 *   encrypted IndexedDB store; `none`: memory only.
 * @attr {string} invite-base - base URL of invite links (default: this page).
 * @attr {boolean} ignore-invites - ignore an invite in the page's URL fragment.
 * @attr {boolean} calls - with `placement="frame"`: the frame may ask for camera and microphone (calls); the
 *   relay's `embed.sites` entry for the page's origin needs `calls: true` as well.
 * @slot header - replaces the brand name in the panel's header.
 * @slot empty - shown while the room has no messages.
 * @slot launcher-icon - replaces the launcher's icon.
 * @csspart launcher - the round button that opens the panel.
 * @csspart badge - the unread count on the launcher.
 * @csspart panel - the open chat panel (and, forwarded, every part of its views).
 * @cssproperty [--ct-color-accent=#2454d6] - brand colour: launcher, header, own messages, buttons.
 * @cssproperty [--ct-color-on-accent=#ffffff] - text on the accent colour.
 * @cssproperty [--ct-color-surface=#ffffff] - panel background.
 * @cssproperty [--ct-color-surface-raised=#f3f5f9] - hover and banner backgrounds.
 * @cssproperty [--ct-color-bubble=#eef1f6] - others' message bubbles.
 * @cssproperty [--ct-color-text=#1b1f24] - text.
 * @cssproperty [--ct-color-muted=#545d69] - secondary text.
 * @cssproperty [--ct-color-border=#c9d0da] - borders.
 * @cssproperty [--ct-color-focus=#b45309] - focus ring.
 * @cssproperty [--ct-color-danger=#b42318] - errors.
 * @cssproperty [--ct-color-badge=#c0262d] - unread badge.
 * @cssproperty [--ct-color-on-badge=#ffffff] - unread badge text.
 * @cssproperty [--ct-font-family=system-ui, …, sans-serif] - font stack.
 * @cssproperty [--ct-font-size=14px] - base font size.
 * @cssproperty [--ct-radius=12px] - panel corner radius.
 * @cssproperty [--ct-radius-bubble=12px] - message bubble radius.
 * @cssproperty [--ct-radius-input=8px] - buttons and fields radius.
 * @cssproperty [--ct-space=8px] - base spacing unit.
 * @cssproperty [--ct-shadow=0 8px 28px rgb(0 0 0 / 0.22)] - launcher and panel shadow.
 * @cssproperty [--ct-z-index=2147483647] - stacking order of the launcher and panel.
 * @cssproperty [--ct-offset-x=20px] - distance from the inline-end edge of the viewport.
 * @cssproperty [--ct-offset-y=20px] - distance from the bottom of the viewport.
 * @cssproperty [--ct-panel-width=370px] - panel width in launcher mode.
 * @cssproperty [--ct-panel-height=560px] - panel height in launcher mode.
 */
export class CryptalkChat extends Base {
  static readonly observedAttributes = [
    'open',
    'relay',
    'room',
    'brand',
    'logo',
    'locale',
    'mode',
    'connect',
    // A new preset changes the computed `--ct-*` tokens, which the `frame` placement forwards.
    'theme',
  ];

  /**
   * Loads the chat core. Set by `@cryptalk/widget/define` (a dynamic import a bundler splits) and by the
   * script-tag loader (a URL beside `cryptalk.js`).
   */
  static loadCore: (() => Promise<ChatCore>) | undefined;

  #backend: ChatBackend | undefined;

  /**
   * The chat backend. Set it to use your own (e.g. a `MemoryBackend`); a backend set after the panel has
   * loaded replaces the one it uses, and one the element made itself is closed.
   */
  get backend(): ChatBackend | undefined {
    return this.#backend;
  }

  set backend(next: ChatBackend | undefined) {
    if (next === this.#backend) return;
    if (this.#backend && this.#backend === this.#madeBackend) this.#backend.close();
    this.#madeBackend = undefined;
    this.#backend = next;
    if (this.#panelEl) this.#panelEl.backend = next;
  }

  /** The backend this element created itself (closed when replaced). */
  #madeBackend: ChatBackend | undefined;

  #launcher: HTMLButtonElement | undefined;
  #badge: HTMLSpanElement | undefined;
  #panelBox: HTMLDivElement | undefined;
  #root: HTMLDivElement | undefined;
  #panel: Promise<PanelElement> | undefined;
  #panelEl: PanelElement | undefined;
  #unread = 0;
  #restored = false;

  /** Whether the panel is open. Reflects the `open` attribute. */
  get open(): boolean {
    return this.hasAttribute('open');
  }
  set open(value: boolean) {
    this.toggleAttribute('open', value);
  }

  /** Messages received while the panel was closed or the page hidden. */
  get unread(): number {
    return this.#unread;
  }

  /** Opens the panel (loading the chat core and connecting on first open). */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  /** Opens the panel when closed, closes it when open. */
  toggle(): void {
    this.open = !this.open;
  }

  /**
   * Sends a message to the room (loads the core and connects if needed; the panel stays as it is).
   * @param text - the text to send.
   */
  async send(text: string): Promise<void> {
    await (await this.#ensurePanel()).send(text);
  }

  /**
   * Posts an escrow offer into the room: an ordinary end-to-end-encrypted message whose text is the encoded
   * offer (`cryptalk-escrow-offer:1:…`). Every member's message list verifies it and shows it as an escrow card
   * (the escrow chunk loads on first sight); a forged offer shows as text with a warning. See docs/escrow.md.
   * @param offer - a signed offer (e.g. from the escrow chunk's `signEscrowListing`) or its text form.
   * @throws TypeError when `offer` is not an offer; RangeError when its text is too long.
   * @example
   * await chat.postEscrowOffer(await escrow.signEscrowListing(window.ethereum, deployment, draft));
   */
  async postEscrowOffer(offer: EscrowOfferPayload | string): Promise<void> {
    await this.send(escrowOfferMessageText(offer));
  }

  /**
   * Switches the colour preset.
   * @param theme - `light`, `dark` or `auto` (follows `prefers-color-scheme`).
   */
  setTheme(theme: ThemePreset): void {
    this.setAttribute('theme', theme);
  }

  /**
   * Switches the language (`en`, `de`, `ar`, `ja`, or any registered table); '' follows the browser.
   * @param locale - a BCP 47 code.
   */
  setLocale(locale: string): void {
    this.setAttribute('locale', locale);
  }

  /**
   * The room to open. A person who follows an invite link lands on the page with the invite in the URL
   * fragment (`#ct1.…`, never sent to any server): that wins over the `room` attribute, unless the element
   * has `ignore-invites`.
   */
  #room(): string {
    return this.#inviteInUrl() ?? this.getAttribute('room') ?? '';
  }

  #inviteInUrl(): string | undefined {
    if (this.hasAttribute('ignore-invites') || typeof location === 'undefined') return undefined;
    return INVITE_FRAGMENT.test(location.hash) ? location.href : undefined;
  }

  /** Where invite links point: the `invite-base` attribute, or this page (whose widget then joins). */
  #inviteBase(): string {
    const base = this.getAttribute('invite-base');
    if (base) return base;
    return typeof location === 'undefined' ? '' : `${location.origin}${location.pathname}${location.search}`;
  }

  connectedCallback(): void {
    if (!this.shadowRoot) this.#render();
    if (!this.#restored) {
      this.#restored = true;
      // Someone who followed an invite link came to chat: open at once.
      if (this.#inviteInUrl()) this.open = true;
      const saved = this.#load();
      if (saved && !this.hasAttribute('open') && saved.open) this.open = true;
      if (saved?.unread) this.#setUnread(saved.unread);
    }
    if (this.#displayMode() !== 'launcher' && !this.open) this.open = true;
    this.#sync(true);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.#root || old === value) return;
    if (name === 'open') {
      this.#sync(false, value !== null);
      this.dispatchEvent(value !== null ? new CryptalkOpenEvent() : new CryptalkCloseEvent());
      this.#save();
      return;
    }
    this.#sync(true);
  }

  #displayMode(): string {
    const mode = this.getAttribute('mode');
    return mode === 'inline' || mode === 'page' ? mode : 'launcher';
  }

  #render(): void {
    const root = this.attachShadow({ mode: 'open' });
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(chatStyles);
    }
    root.adoptedStyleSheets = [sheet];
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string) => {
      const e = document.createElement(tag);
      e.className = cls;
      return e;
    };
    this.#root = el('div', 'root');
    this.#panelBox = el('div', 'panel');
    this.#panelBox.id = 'panel';
    this.#launcher = el('button', 'launcher');
    this.#launcher.setAttribute('part', 'launcher');
    this.#launcher.setAttribute('aria-controls', 'panel');
    this.#launcher.addEventListener('click', () => this.toggle());
    // Start fetching the core as soon as the user shows intent, so opening feels instant.
    const prefetch = () => void CryptalkChat.loadCore?.().catch(() => {});
    this.#launcher.addEventListener('pointerenter', prefetch, { once: true });
    this.#launcher.addEventListener('focus', prefetch, { once: true });
    const icon = document.createElement('slot');
    icon.name = 'launcher-icon';
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICON_PATH);
    svg.append(path);
    icon.append(svg);
    this.#badge = el('span', 'badge');
    this.#badge.setAttribute('part', 'badge');
    this.#badge.setAttribute('aria-hidden', 'true');
    this.#launcher.append(icon, this.#badge);
    this.#root.append(this.#panelBox, this.#launcher);
    root.append(this.#root);
    root.addEventListener('keydown', (e: Event) => {
      if (!(e instanceof KeyboardEvent)) return;
      if (e.key === 'Escape' && this.open && this.#displayMode() === 'launcher') {
        this.hide();
        this.#launcher?.focus();
      }
    });
    document.addEventListener('visibilitychange', () => this.#sync(false));
  }

  /** Brings the DOM in line with the attributes; `props` also pushes them to the panel, `focus` focuses it. */
  #sync(props: boolean, focus = false): void {
    const launcher = this.#launcher;
    if (!launcher || !this.#root || !this.#panelBox) return;
    const s = launcherStringsFor(this.getAttribute('locale') ?? '');
    const open = this.open;
    this.#root.dir = s.$dir;
    this.#panelBox.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute(
      'aria-label',
      (open ? s.closeChat : s.openChat) + (this.#unread ? `, ${s.unread(this.#unread)}` : ''),
    );
    if (this.#badge) {
      this.#badge.hidden = this.#unread === 0;
      const text = this.#unread > 99 ? '99+' : String(this.#unread);
      // Past 99 a burst leaves the badge's text as it is: nothing to lay out or paint.
      if (this.#badge.textContent !== text) this.#badge.textContent = text;
    }
    const visible = open && !document.hidden;
    if (visible && this.#unread) this.#setUnread(0);
    if (open || this.hasAttribute('connect')) {
      void this.#ensurePanel().then(
        (p) => {
          p.active = visible;
          if (props) this.#push(p);
          if (focus) p.focusFirst();
        },
        () => {},
      );
    }
    if (this.#panelEl) {
      this.#panelEl.active = visible;
      if (props) this.#push(this.#panelEl);
    }
  }

  #push(p: PanelElement): void {
    p.room = this.#room();
    p.brand = this.getAttribute('brand') || 'Chat';
    p.logo = this.getAttribute('logo') ?? '';
    p.locale = this.getAttribute('locale') ?? '';
    p.mode = this.#displayMode();
  }

  /**
   * Loads the panel once. The `placement` attribute (read here, on first use) chooses where the SDK runs:
   * `worker` (default) in a dedicated Worker, `same` on this thread, `frame` in the relay's cross-origin
   * iframe (docs/security.md). The `persist` attribute (read here too) keeps the identity, rooms and history in
   * an encrypted IndexedDB store in that place's origin (the default), or in memory only with `persist="none"`.
   */
  #ensurePanel(): Promise<PanelElement> {
    this.#panel ??= (async () => {
      const placement = parsePlacement(this.getAttribute('placement'));
      if (placement === 'frame' && !this.#backend) return this.#place(this.#framePanel());
      const load = CryptalkChat.loadCore;
      if (!load) throw new Error('CryptalkChat.loadCore is not set: import @cryptalk/widget/define');
      const core = await load();
      // The locale's strings load beside the backend, so the panel shows in its language from the start.
      const strings = core.loadTranslation?.(this.getAttribute('locale') ?? '').catch(() => {});
      const panel = document.createElement('cryptalk-panel') as PanelElement;
      panel.setAttribute('exportparts', PANEL_PARTS);
      for (const name of ['header', 'empty']) {
        // Forward a slot only when the page fills it; an empty forwarded slot would hide the default.
        if (!this.querySelector(`:scope > [slot=${name}]`)) continue;
        const slot = document.createElement('slot');
        slot.name = name;
        slot.slot = name;
        panel.append(slot);
      }
      if (!this.#backend) {
        const made = await placedBackend(core, placement, {
          relay: this.getAttribute('relay') ?? '',
          inviteBase: this.#inviteBase(),
          // `persist="none"`: memory only (kiosks); otherwise the encrypted device store (docs/security.md).
          persist: parsePersist(this.getAttribute('persist')),
        });
        // A backend the page set while the Worker started wins.
        if (this.#backend) made.close();
        else {
          this.#backend = made;
          this.#madeBackend = made;
        }
      }
      panel.backend = this.backend;
      await strings;
      return this.#place(panel);
    })();
    this.#panel.catch(() => {
      this.#panel = undefined;
    });
    return this.#panel;
  }

  /** The `frame` placement: a stand-in that shows the chat in the relay's cross-origin iframe. */
  #framePanel(): PanelElement {
    const frame = createFramePanel(this);
    if (!frame) throw new Error('placement="frame" needs a ws:// or wss:// relay attribute');
    const panel = Object.assign(frame.element, {
      send: (text: string) => frame.send(text),
      focusFirst: () => frame.focus(),
    }) as unknown as PanelElement;
    for (const key of ['room', 'brand', 'logo', 'locale', 'mode', 'active'] as const) {
      Object.defineProperty(panel, key, { set: (value) => frame.configure({ [key]: value }) });
    }
    return panel;
  }

  #place(panel: PanelElement): PanelElement {
    this.#push(panel);
    panel.addEventListener('cryptalk-action', (e) => {
      if ((e as unknown as { action?: string }).action === 'close') {
        this.hide();
        this.#launcher?.focus();
      }
    });
    panel.addEventListener('cryptalk-message', (e) => {
      const m = (e as CryptalkMessageEvent).message;
      if (!m.own && (!this.open || document.hidden)) this.#setUnread(this.#unread + 1);
    });
    this.#panelBox?.append(panel);
    this.#panelEl = panel;
    return panel;
  }

  /** Whether the badge and saved state are to be written (in a microtask). */
  #queued = false;

  #setUnread(count: number): void {
    if (count === this.#unread) return;
    this.#unread = count;
    // The badge, the launcher's label and the saved state are written once for every change of the current
    // task (a batch of a burst brings many), in a microtask: before anything else runs, so they never lag.
    if (!this.#queued) {
      this.#queued = true;
      queueMicrotask(() => {
        this.#queued = false;
        this.#save();
        this.#sync(false);
      });
    }
    this.dispatchEvent(new CryptalkUnreadEvent(count));
  }

  /** Open state and unread count survive SPA navigation (and reloads) for the tab's session. */
  #key(): string {
    return `cryptalk:${this.getAttribute('room') ?? ''}`;
  }

  #save(): void {
    try {
      sessionStorage.setItem(this.#key(), JSON.stringify({ open: this.open, unread: this.#unread }));
    } catch {
      // Storage can be unavailable (sandboxed frames, privacy modes): the state is then per page.
    }
  }

  #load(): { open: boolean; unread: number } | undefined {
    try {
      const raw = sessionStorage.getItem(this.#key());
      const v = raw ? (JSON.parse(raw) as { open?: unknown; unread?: unknown }) : undefined;
      return v ? { open: v.open === true, unread: typeof v.unread === 'number' ? v.unread : 0 } : undefined;
    } catch {
      return undefined;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-chat': CryptalkChat;
  }
}
