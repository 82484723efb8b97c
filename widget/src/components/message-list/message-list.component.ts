import { html, LitElement, nothing, render, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BackendCapabilities, ChatItem } from '../../backend/index.js';
import { isEscrowOfferText } from '../../escrow/offer-prefix.js';
import { CryptalkActionEvent } from '../../events/index.js';
import { iconFile } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize-controller.js';
import { MESSAGE_LIST_OVERHANG_PX, MESSAGE_LIST_PLAIN_MAX, QUICK_REACTIONS } from '../../limits.js';
import { loadOfferContentOnDemand, OfferContent, type OfferContentLoader } from './load-offer-content.js';
import { loadVirtualOnDemand, type VirtualChunk, type VirtualLoader } from './load-virtual.js';
import type { FollowState } from './message-flow-layout.js';
import { messageListStyles } from './message-list.styles.js';
import {
  divideMessages,
  nextRowCost,
  rowsToFold,
  TAIL_REVEAL_BUDGET_MS,
  TAIL_REVEAL_INTERVAL_MS,
  TAIL_REVEAL_MAX_ROWS,
} from './message-tail.js';
import type { EscrowListOptions } from './offer-content.js';

/**
 * The virtual list's chunk, as one list sees it: not loaded (not needed yet, or the last load failed: the next
 * need tries again), loading, or loaded with the layout made for this list.
 */
type VirtualState =
  | { readonly kind: 'unloaded' }
  | { readonly kind: 'loading'; readonly done: Promise<void> }
  | {
      readonly kind: 'loaded';
      readonly chunk: VirtualChunk;
      /** The flow layout of this list (it shares the list's follow state). */
      readonly layout: ReturnType<VirtualChunk['messageFlow']>;
    };

/** The chunk as last loaded, with the loader that loaded it: lists made later start with it at once. */
let loadedChunk: { readonly loader: VirtualLoader; readonly chunk: VirtualChunk } | undefined;

/** Frames to wait for a row scrolled into view to be rendered before giving up moving focus to it. */
const ROW_RENDER_FRAMES = 5;
/**
 * Frames after which a virtual list with no layout under way counts as laid out. Its `layoutComplete` settles
 * only after a layout that ends once it was asked for (two frames after it): a list with nothing left to lay
 * out would leave it pending for good.
 */
const LAYOUT_IDLE_FRAMES = 4;

/** Waits for the virtual list's layout under way, if any: at most {@link LAYOUT_IDLE_FRAMES} frames when none. */
async function layoutSettled(virtualizer: { layoutComplete: Promise<void> }): Promise<void> {
  let frames = 0;
  let frame = 0;
  const idle = new Promise<void>((resolve) => {
    const tick = () => {
      if (++frames >= LAYOUT_IDLE_FRAMES) resolve();
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  });
  try {
    await Promise.race([virtualizer.layoutComplete, idle]);
  } finally {
    cancelAnimationFrame(frame);
  }
}

/** How close to the bottom, in px, still counts as reading the newest message (new ones then scroll in). */
const FOLLOW_SLACK_PX = 80;

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

/** Renders text with its http(s) links as anchors; everything stays text, never markup. */
function linkify(text: string): Array<string | TemplateResult> {
  // Most messages carry no link: skip `matchAll`, which clones the pattern on every call.
  if (!text.includes('http')) return [text];
  const out: Array<string | TemplateResult> = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = m[0].replace(/[.,;:!?)]+$/, '');
    const at = m.index ?? 0;
    out.push(text.slice(last, at));
    out.push(html`<a part="link" href=${url} target="_blank" rel="noopener noreferrer">${url}</a>`);
    last = at + url.length;
  }
  out.push(text.slice(last));
  return out;
}

/**
 * The messages of a room, with replies, edits, deletes, reactions, read receipts and who is typing. A room
 * of up to 80 messages (`MESSAGE_LIST_PLAIN_MAX`) shows them as plain rows; a larger one loads the virtual
 * list (a lazy chunk with Lit Labs' virtualizer, see load-virtual.ts) and keeps only the rows in view in the DOM,
 * so 10,000 messages scroll smoothly. While that chunk loads (or after it failed to: the next need tries
 * again) the list shows the newest 80 as plain rows.
 * Messages that arrive while the reader is at the newest one are appended to a plain block under the
 * virtual list (the tail, see message-tail.ts), so a burst costs its new rows and not an update of the
 * virtual list per render; tail rows that scroll far out of view join the virtual list.
 *
 * @summary A room's message list.
 * @fires cryptalk-action - `reply`, `edit`, `delete` or `react` (with the emoji) on a message.
 * @slot empty - shown when the room has no messages.
 * @csspart messages - the scrolling list.
 * @csspart message - one message row.
 * @csspart bubble - the bubble of a message.
 * @csspart author - the sender's name.
 * @csspart text - a message's text.
 * @csspart link - a link inside a message (opens in a new tab with `rel="noopener noreferrer"`).
 * @csspart reactions - the reactions under a message.
 * @csspart typing - the "is typing" line.
 * @csspart escrow - the escrow card of a message that carries a verified offer (lazily loaded chunk).
 * @csspart escrow-placeholder - an offer's placeholder while the escrow chunk loads.
 * @csspart offer-warning - the warning under an offer shown as text (invalid, or the card failed to load).
 * @cssproperty [--cryptalk-message-list-bubble=var(--ct-color-bubble)] - background of others' bubbles.
 */
export class CryptalkMessageList extends LitElement {
  static override styles = messageListStyles;

  /**
   * Loads the virtual list the first time a list holds more than {@link MESSAGE_LIST_PLAIN_MAX} messages
   * (the script-tag build loads `cryptalk-ui-virtual.js` beside the UI). Replaceable, e.g. to count loads or
   * make one fail in tests; lists made after a replacement load again with the new loader.
   */
  static loadVirtual: VirtualLoader = loadVirtualOnDemand;

  /**
   * Loads the rendering of messages that carry an escrow offer the first time a list shows one (the
   * script-tag build loads `cryptalk-ui-offer-content.js` beside the UI); the row shows a plain placeholder
   * meanwhile. Replaceable, e.g. to count loads or make one fail in tests; lists made after a replacement load
   * again with the new loader.
   */
  static loadOfferContent: OfferContentLoader = loadOfferContentOnDemand;

  static override properties = {
    messages: { attribute: false },
    typing: { attribute: false },
    capabilities: { attribute: false },
    locale: { type: String },
    escrow: { attribute: false },
    picker: { state: true },
    hot: { state: true },
  };

  /** The messages, oldest first. */
  messages: ChatItem[] = [];
  /** Display names of who is typing. */
  typing: string[] = [];
  /** What the backend offers (hides the other actions). */
  capabilities: Partial<BackendCapabilities> = {};
  /** The locale ('' = the browser's). */
  locale = '';
  /** Escrow offers in messages: where the card's chunk loads from, its driver (see offer-content.ts). */
  escrow: EscrowListOptions = {};

  private picker = '';
  /**
   * The row under the pointer or holding focus: the only one whose actions exist. They show on hover and
   * focus anyway, so the other rows skip their buttons: a burst of new rows then costs a third fewer nodes,
   * listeners and styles (issue #9). Rows are focusable, so the keyboard reaches the actions too.
   */
  private hot = '';
  private readonly l10n = new LocalizeController(this);
  /** The rows of messages that carry an escrow offer (their rendering loads with the first). */
  readonly #offers = new OfferContent(this, () => CryptalkMessageList.loadOfferContent);
  /** Whether the reader is at the newest message: the layout then keeps it in view as messages arrive. */
  readonly #follow: FollowState = { end: true };
  /** The virtual list's chunk for this list. */
  #chunk: VirtualState = { kind: 'unloaded' };
  /**
   * Whether this update renders the virtual list: the chunk is loaded and the room holds more than
   * {@link MESSAGE_LIST_PLAIN_MAX} messages. Otherwise every row is plain (the tail, from {@link #tailFrom}).
   */
  #virtualMode = false;
  /** How many of the first messages the virtual list holds; the others render in the tail. */
  #split = 0;
  /** The virtual list's items: `messages.slice(0, #split)`, the same array while they stay the same. */
  #history: ChatItem[] = [];
  /** The animation frame that keeps the tail's bottom in view and folds rows out of view, once scheduled. */
  #tailFrame = 0;
  /** The task that moves tail rows to the virtual list, once scheduled. */
  #foldTimer: ReturnType<typeof setTimeout> | undefined;
  /** How many of the first messages have a row (in the virtual list or the tail); the others wait. */
  #end = 0;
  /** The task that adds the waiting rows to the tail, once scheduled, and when the last one ran. */
  #revealTimer: ReturnType<typeof setTimeout> | undefined;
  #lastReveal = Number.NEGATIVE_INFINITY;
  /** Measured main-thread time of adding one tail row, in ms (a moving average). */
  #rowCost = 0.5;

  /** The virtualizer of the virtual list (absent while the list is plain or its virtual list holds nothing). */
  #virtualizer(): ReturnType<VirtualChunk['virtualizerOf']> {
    const host = this.renderRoot.querySelector('.history');
    return host && this.#chunk.kind === 'loaded' ? this.#chunk.chunk.virtualizerOf(host) : undefined;
  }

  /** The first message with a plain row: the tail's first in the virtual list, else the newest plain rows'. */
  #tailFrom(): number {
    return this.#virtualMode ? this.#split : Math.max(0, this.#end - MESSAGE_LIST_PLAIN_MAX);
  }

  /**
   * The list needs its virtual list (it holds more than {@link MESSAGE_LIST_PLAIN_MAX} messages, or the reader
   * wants a row the plain rows leave out): loads the chunk unless it is loaded or loading. Takes the chunk a
   * list loaded before with the same loader at once.
   * @returns settles when the chunk is loaded or failed to load (the list then stays plain).
   */
  #needVirtual(): Promise<void> {
    const state = this.#chunk;
    if (state.kind === 'loading') return state.done;
    if (state.kind === 'loaded') return Promise.resolve();
    const loader = CryptalkMessageList.loadVirtual;
    if (loadedChunk?.loader === loader) {
      this.#loaded(loadedChunk.chunk);
      return Promise.resolve();
    }
    // A loader that throws (rather than rejects) fails the same way.
    const done = new Promise<VirtualChunk>((resolve) => resolve(loader())).then(
      (chunk) => {
        loadedChunk = { loader, chunk };
        this.#loaded(chunk);
        this.requestUpdate();
      },
      () => {
        // Stays plain (the newest rows); the next need tries again.
        this.#chunk = { kind: 'unloaded' };
      },
    );
    this.#chunk = { kind: 'loading', done };
    return done;
  }

  /** The chunk is there: this list's layout is made (the list renders with it from its next update). */
  #loaded(chunk: VirtualChunk): void {
    this.#chunk = { kind: 'loaded', chunk, layout: chunk.messageFlow(this.#follow) };
  }

  /** Scrolls to the newest message (once the virtual list has laid out). */
  async scrollToEnd(): Promise<void> {
    await this.#revealAll();
    if (!this.#virtualMode || this.#split < this.messages.length) {
      const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
      return;
    }
    const virtualizer = this.#virtualizer();
    const last = this.messages.length - 1;
    if (!virtualizer || last < 0) return;
    try {
      await layoutSettled(virtualizer);
      virtualizer.element(last)?.scrollIntoView({ block: 'end' });
    } catch {
      // The list was disconnected before laying out: nothing to scroll.
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#tailFrame);
    this.#tailFrame = 0;
    clearTimeout(this.#foldTimer);
    this.#foldTimer = undefined;
    clearTimeout(this.#revealTimer);
    this.#revealTimer = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#end < this.messages.length) this.#scheduleReveal();
    // Rows may have been placed while the list was away: the layout places them all again (it otherwise
    // places only rows that moved).
    this.#follow.replace = true;
    // The first time of day formatted on a page loads the locale's date data (tens of ms of main-thread
    // time): do it while the page is idle, not in the render of the first message of a burst (issue #9).
    // Likewise the first row: Lit prepares a template the first time it renders it.
    const warm = () => {
      this.l10n.time(0);
      const sample: ChatItem = { id: '', room: '', author: '', own: false, text: '', sentAt: 0 };
      render(this.renderItem(sample), document.createDocumentFragment());
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(warm, { timeout: 2_000 });
    else setTimeout(warm, 0);
  }

  /** Moves keyboard focus to the list (it scrolls with the arrow keys). */
  focusList(): void {
    this.renderRoot.querySelector<HTMLElement>('.scroller')?.focus();
  }

  /** Whether the reader has scrolled by hand (wheel, touch, keys, scrollbar) since last at the bottom. */
  #userScrolled = false;

  /** {@link onUserScroll} as a passive listener (wheel and touch listeners must not delay scrolling). */
  readonly #passiveUserScroll = { handleEvent: () => this.onUserScroll(), passive: true };

  /** The reader is about to scroll: the next scroll away from the bottom stops following. */
  private onUserScroll(): void {
    this.#userScrolled = true;
  }

  /** The scroller's last seen `scrollTop`. */
  #lastScrollTop = 0;

  /**
   * The list scrolled. At the bottom it follows new messages again; away from it, it stops when the reader
   * scrolled by hand or anything scrolled it up (the layout's own scrolling, while rows are added below and
   * measured, moves down and never stops it).
   */
  private onScroll(e: Event): void {
    const s = e.currentTarget as HTMLElement;
    const up = s.scrollTop < this.#lastScrollTop;
    this.#lastScrollTop = s.scrollTop;
    if (s.scrollHeight - s.scrollTop - s.clientHeight < FOLLOW_SLACK_PX) {
      this.#follow.end = true;
      this.#userScrolled = false;
    } else if (this.#userScrolled || up) this.#follow.end = false;
    // Near the oldest of the plain rows while older messages have none: they need the virtual list.
    if (!this.#virtualMode && this.#tailFrom() > 0 && s.scrollTop < MESSAGE_LIST_OVERHANG_PX)
      void this.#needVirtual();
  }

  /**
   * Arrow keys move focus between messages (one tab stop for the whole list; Tab from a message reaches its
   * actions, then leaves the list): ArrowUp / ArrowDown to the previous / next message, Home / End to the
   * first / newest. From the list itself, ArrowUp and End go to the newest message, ArrowDown and Home to the
   * first. Page Up / Page Down still scroll.
   */
  private onKey(e: KeyboardEvent): void {
    this.onUserScroll();
    if (!['ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key) || e.altKey || e.ctrlKey || e.metaKey)
      return;
    const row = (e.target as Element | null)?.closest?.('[data-id]');
    if (row && e.target !== row) return; // a key inside a row's buttons or links keeps its own meaning
    const last = this.messages.length - 1;
    if (last < 0) return;
    const at = row ? this.messages.findIndex((m) => m.id === row.getAttribute('data-id')) : -1;
    let to: number;
    if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = last;
    else if (at < 0) to = e.key === 'ArrowUp' ? last : 0;
    else to = Math.min(last, Math.max(0, at + (e.key === 'ArrowUp' ? -1 : 1)));
    e.preventDefault();
    // A row not rendered is out of view: above the focused one it scrolls in at the top, else at the bottom.
    void this.focusMessage(to, to < at || (at < 0 && to === 0) ? 'start' : 'end');
  }

  /**
   * Scrolls message `index` into view (the virtual list renders it then) and moves focus to it. A message the
   * plain rows leave out loads the virtual list first; when that fails, focus goes to the oldest plain row.
   * @param block - where a row the virtual list has not rendered scrolls in. Not `nearest`: the virtualizer
   *   resolves that against the part of the view its host covers, none while the host is above or below it
   *   (the tail fills the view), and would leave the row out of view.
   */
  private async focusMessage(index: number, block: 'start' | 'end'): Promise<void> {
    if (this.messages[index] === undefined) return;
    // A tail row always exists; a virtual one is rendered once scrolled into range.
    if (index >= this.#end) await this.#revealAll();
    if (!this.#virtualMode && index < this.#tailFrom()) {
      await this.#needVirtual();
      await this.#revealAll();
      if (!this.#virtualMode) index = Math.max(index, this.#tailFrom());
    }
    const id = this.messages[index]?.id;
    if (id === undefined) return;
    const find = () => this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    const virtualizer = this.#virtualMode && index < this.#split ? this.#virtualizer() : undefined;
    if (virtualizer && !find()) {
      virtualizer.element(index)?.scrollIntoView({ block });
      try {
        await layoutSettled(virtualizer);
      } catch {
        return; // the list went away before laying out
      }
    }
    let target = find();
    // the row renders in the frame after the layout at the latest
    for (let frame = 0; !target && frame < ROW_RENDER_FRAMES; frame++) {
      await new Promise((r) => requestAnimationFrame(r));
      target = find();
    }
    if (!target) return;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'nearest' });
  }

  /** The pointer entered, or focus moved into, a row: that row renders its actions. */
  private onHot(e: Event): void {
    const row = (e.target as Element | null)?.closest?.('[data-id]');
    const id = row?.getAttribute('data-id') ?? '';
    if (id && id !== this.hot) this.hot = id;
  }

  private act(action: 'reply' | 'edit' | 'delete' | 'react', id: string, emoji = ''): void {
    if (action === 'react' && !emoji) {
      this.picker = this.picker === id ? '' : id;
      return;
    }
    this.picker = '';
    this.dispatchEvent(new CryptalkActionEvent(action, id, emoji));
  }

  /** Times of day already formatted, by minute since the epoch, for the table they were formatted with. */
  #times = new Map<number, string>();
  #timesFor: unknown;

  /**
   * A message's time of day (hours and minutes): formatted once per minute, not once per row, since a burst
   * brings hundreds of rows of the same minute and each `format` costs tens of µs (issue #9).
   */
  private timeOf(ms: number): string {
    if (this.#timesFor !== this.l10n.t) {
      this.#times.clear();
      this.#timesFor = this.l10n.t;
    }
    const minute = Math.floor(ms / 60_000);
    let text = this.#times.get(minute);
    if (text === undefined) {
      text = this.l10n.time(ms);
      if (this.#times.size >= 1_000) this.#times.clear();
      this.#times.set(minute, text);
    }
    return text;
  }

  private renderItem(m: ChatItem): TemplateResult {
    const { t } = this.l10n;
    const caps = this.capabilities;
    const author = m.own ? t.you : m.author || t.someone;
    const status =
      m.own && m.status
        ? {
            sending: ['…', t.statusSending],
            sent: ['✓', t.statusSent],
            read: ['✓✓', t.statusRead],
            failed: ['!', t.statusFailed],
          }[m.status]
        : undefined;
    return html`<div
      part="message"
      role="listitem"
      class="row ${m.own ? 'own' : ''}"
      data-id=${m.id}
      tabindex="-1"
    >
      <div class="meta">
        <span part="author" class="author">${author}</span>
        <time datetime=${new Date(m.sentAt).toISOString()}>${this.timeOf(m.sentAt)}</time>
      </div>
      <div part="bubble" class="bubble">
        ${
          m.replyTo
            ? html`<div class="quote">
              <span class="author">${m.replyTo.author || t.someone}</span>: ${m.replyTo.text || t.deleted}
            </div>`
            : nothing
        }
        ${
          m.deleted
            ? html`<span part="text" class="text deleted">${t.deleted}</span>`
            : isEscrowOfferText(m.text)
              ? this.#offers.render(m, this.locale, this.escrow, () => this.#text(m))
              : this.#text(m)
        }
        ${
          m.attachment && !m.deleted
            ? html`<div class="attachment" part="attachment">
              ${iconFile}
              <span>${t.attachment(m.attachment.name, this.l10n.size(m.attachment.size))}</span>
            </div>`
            : nothing
        }
        ${m.edited && !m.deleted ? html`<span class="edited">(${t.edited})</span>` : nothing}
        ${status ? html`<span class="status" role="img" aria-label=${status[1]}>${status[0]}</span>` : nothing}
      </div>
      ${
        m.reactions?.length
          ? html`<div part="reactions" class="reactions">
            ${m.reactions.map(
              (r) => html`<button
                class="reaction"
                aria-pressed=${r.mine ? 'true' : 'false'}
                aria-label="${r.emoji} ${r.count}"
                ?disabled=${!caps.react}
                @click=${() => this.act('react', m.id, r.emoji)}
              >
                ${r.emoji} ${r.count}
              </button>`,
            )}
          </div>`
          : nothing
      }
      ${
        m.deleted || this.hot !== m.id
          ? nothing
          : html`<div class="actions">
            <button @click=${() => this.act('reply', m.id)}>${t.reply}</button>
            ${caps.react ? html`<button aria-expanded=${this.picker === m.id ? 'true' : 'false'} @click=${() => this.act('react', m.id)}>${t.react}</button>` : nothing}
            ${m.own && caps.edit ? html`<button @click=${() => this.act('edit', m.id)}>${t.edit}</button>` : nothing}
            ${m.own && caps.delete ? html`<button @click=${() => this.act('delete', m.id)}>${t.delete}</button>` : nothing}
          </div>`
      }
      ${
        this.picker === m.id
          ? html`<div class="reactions" role="group" aria-label=${t.react}>
            ${QUICK_REACTIONS.map(
              (e) => html`<button class="reaction" @click=${() => this.act('react', m.id, e)}>${e}</button>`,
            )}
          </div>`
          : nothing
      }
    </div>`;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const all = this.messages.length;
    if (changed.has('messages')) {
      const split = divideMessages({
        previous: changed.get('messages') as ChatItem[] | undefined,
        messages: this.messages,
        split: this.#split,
        following: this.#follow.end,
      });
      // Rows of messages already shown stay; new tail rows wait for the next reveal (a first render shows all).
      const first = !(changed.get('messages') as ChatItem[] | undefined)?.length;
      this.#end = split === all || first ? all : Math.min(Math.max(this.#end, split), all);
      this.#divide(split);
      if (this.#end < all) this.#scheduleReveal();
      if (all > MESSAGE_LIST_PLAIN_MAX) void this.#needVirtual();
    }
    const virtual = all > MESSAGE_LIST_PLAIN_MAX && this.#chunk.kind === 'loaded';
    // Plain rows shown before that still show the same messages stay as they are (their elements, focus and
    // the reader's place among them), now the tail: the older messages join the virtual list above them.
    const shown = this.#shown;
    if (
      virtual &&
      !this.#virtualMode &&
      shown.from < shown.end &&
      this.messages[shown.from]?.id === shown.first &&
      this.messages[shown.end - 1]?.id === shown.last
    ) {
      this.#divide(shown.from);
      // The browser's scroll anchoring keeps the reader's rows in place as the virtual list appears above
      // them, but not from the top (Chromium anchors nothing at scroll position 0): start 1 px down.
      const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
      if (scroller?.scrollTop === 0 && !this.#follow.end) scroller.scrollTop = 1;
    }
    this.#virtualMode = virtual;
  }

  /**
   * Schedules adding the waiting rows to the tail: at most once per {@link TAIL_REVEAL_INTERVAL_MS}, twice as
   * often while more are waiting than one reveal adds.
   */
  #scheduleReveal(): void {
    if (this.#revealTimer !== undefined || !this.isConnected) return;
    const behind = this.messages.length - this.#end > this.#revealRows();
    const interval = behind ? TAIL_REVEAL_INTERVAL_MS / 2 : TAIL_REVEAL_INTERVAL_MS;
    const wait = Math.max(0, this.#lastReveal + interval - performance.now());
    this.#revealTimer = setTimeout(() => void this.#reveal(), wait);
  }

  /** How many rows one reveal adds at the measured cost per row. */
  #revealRows(): number {
    return Math.max(1, Math.min(TAIL_REVEAL_MAX_ROWS, Math.floor(TAIL_REVEAL_BUDGET_MS / this.#rowCost)));
  }

  /** Adds waiting rows to the tail: as many as {@link TAIL_REVEAL_BUDGET_MS} allows at the measured cost. */
  async #reveal(): Promise<void> {
    this.#revealTimer = undefined;
    const waiting = this.messages.length - this.#end;
    if (waiting <= 0 || !this.isConnected) return;
    const rows = Math.min(waiting, this.#revealRows());
    const started = performance.now();
    this.#lastReveal = started;
    this.#end += rows;
    this.requestUpdate();
    await this.updateComplete;
    this.#rowCost = nextRowCost(this.#rowCost, (performance.now() - started) / rows);
    if (this.#end < this.messages.length) this.#scheduleReveal();
  }

  /** Adds every waiting row now (before moving focus to one, or scrolling to the newest); ends after the renders. */
  async #revealAll(): Promise<void> {
    if (this.#end < this.messages.length) {
      this.#end = this.messages.length;
      this.requestUpdate();
    }
    // `false` while a render asked for another (the virtual list starts in the render after its host's).
    while (!(await this.updateComplete));
  }

  /** Puts the first `split` messages in the virtual list (its items array changes only if they did). */
  #divide(split: number): void {
    const messages = this.messages;
    this.#split = Math.min(split, messages.length);
    const history = this.#history;
    let same = history.length === this.#split;
    for (let i = 0; same && i < this.#split; i++) same = history[i] === messages[i];
    if (!same) this.#history = messages.slice(0, this.#split);
    this.#follow.tail = this.#split < messages.length;
  }

  /** The plain rows the last render showed: the first and past the last index, and their first and last id. */
  #shown: { from: number; end: number; first?: string; last?: string } = { from: 0, end: 0 };
  /** The tail's rows (mode, first and last index and message) when the last frame settled it. */
  #tailRows = '';
  /** Whether the last render included the virtual list. */
  #virtual = false;

  protected override updated(): void {
    if (this.#virtualMode && this.#history.length && !this.#virtual) this.requestUpdate();
    // After a render that changed the tail's rows (not one that only handed the list waiting messages).
    const from = this.#tailFrom();
    const end = this.#end;
    // (and after the one that turned the plain rows into the tail, whose rows out of view then fold)
    const rows = `${this.#virtualMode} ${from} ${end} ${this.messages[from]?.id} ${this.messages[end - 1]?.id}`;
    if (from < end && rows !== this.#tailRows && !this.#tailFrame) {
      this.#tailRows = rows;
      this.#tailFrame = requestAnimationFrame(() => this.#settleTail());
    }
  }

  /**
   * Before the frame that lays out new tail rows: keeps the newest message in view while the reader follows
   * (that layout then happens here, once), and moves tail rows far out of view to the virtual list in a task
   * of its own (a plain list has none to move them to).
   */
  #settleTail(): void {
    this.#tailFrame = 0;
    const scroller = this.renderRoot.querySelector<HTMLElement>('.scroller');
    const tail = this.renderRoot.querySelector('.tail');
    if (!scroller || !tail) return;
    if (this.#follow.end) scroller.scrollTop = scroller.scrollHeight;
    if (!this.#virtualMode || this.#foldTimer !== undefined) return;
    const rows = tail.children;
    const box = scroller.getBoundingClientRect();
    const fold = rowsToFold(
      rows.length,
      (i) => rows[i]?.getBoundingClientRect().bottom ?? 0,
      rows[0]?.getBoundingClientRect().top ?? 0,
      box,
      MESSAGE_LIST_OVERHANG_PX,
    );
    if (!fold) return;
    const to = this.#split + fold;
    const last = this.messages[to - 1]?.id;
    this.#foldTimer = setTimeout(() => {
      this.#foldTimer = undefined;
      // Unless the messages were replaced meanwhile (the virtual list then holds them all), or the list is plain.
      if (!this.#virtualMode || this.#split >= to || this.messages[to - 1]?.id !== last) return;
      this.#divide(to);
      this.requestUpdate();
    }, 0);
  }

  /** A message's text, its links made clickable. */
  #text(m: ChatItem): TemplateResult {
    return html`<span part="text" class="text">${linkify(m.text)}</span>`;
  }

  /**
   * Renders a row: again only when its message, its picker or the list's settings change (or, for a message
   * that carries an offer, when its rendering has loaded).
   */
  readonly #row = (m: ChatItem) =>
    html`${guard(
      [
        m,
        this.picker === m.id,
        this.hot === m.id,
        this.capabilities,
        this.l10n.t,
        this.escrow,
        isEscrowOfferText(m.text) ? this.#offers.version : undefined,
      ],
      () => this.renderItem(m),
    )}`;

  readonly #key = (m: ChatItem) => m.id;

  override render() {
    const { t } = this.l10n;
    const from = this.#tailFrom();
    const tail = from < this.#end ? this.messages.slice(from, this.#end) : [];
    this.#shown = { from, end: this.#end, first: tail[0]?.id, last: tail.at(-1)?.id };
    const chunk = this.#virtualMode && this.#chunk.kind === 'loaded' ? this.#chunk : undefined;
    // The virtual list finds its scroller when it starts: it starts in a host already in the document (a
    // render after the one that made the host; see `updated`).
    const virtual =
      chunk !== undefined && this.#history.length > 0 && this.renderRoot.querySelector('.history') !== null;
    this.#virtual = virtual;
    return html`
      ${
        this.messages.length === 0
          ? html`<div class="empty" part="empty"><slot name="empty">${t.empty}</slot></div>`
          : html`<div
            part="messages"
            class="scroller"
            role="list"
            tabindex="0"
            aria-label=${t.messages}
            @scroll=${this.onScroll}
            @wheel=${this.#passiveUserScroll}
            @touchstart=${this.#passiveUserScroll}
            @pointerdown=${this.onUserScroll}
            @keydown=${this.onKey}
            @pointerover=${this.onHot}
            @focusin=${this.onHot}
          >
            ${
              chunk
                ? html`<div class="history">${
                    virtual
                      ? chunk.chunk.virtualize({
                          items: this.#history,
                          keyFunction: this.#key,
                          // A burst of new messages then costs the new rows, not every visible row again.
                          renderItem: this.#row,
                          layout: chunk.layout,
                        })
                      : nothing
                  }</div>`
                : nothing
            }
            ${tail.length ? html`<div class="tail">${repeat(tail, this.#key, this.#row)}</div>` : nothing}
          </div>`
      }
      <div part="typing" class="typing">${this.typing.length ? t.typing(this.typing) : nothing}</div>
    `;
  }
}
