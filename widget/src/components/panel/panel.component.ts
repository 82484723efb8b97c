import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type {
  BackendCapabilities,
  BackendConnectionState,
  ChatBackend,
  ChatItem,
  RoomSummary,
} from '../../backend/index.js';
import { CryptalkActionEvent, CryptalkMessageEvent, type CryptalkSendEvent } from '../../events/index.js';
import type { Off } from '../../internal/emitter.js';
import { FrameBatcher } from '../../internal/frame-batcher.js';
import { iconBack, iconClose, iconForward, iconInvite, iconShield } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize-controller.js';
import {
  BACKGROUND_FLUSH_MS,
  BURST_FLUSH_INTERVAL_MS,
  DISAPPEARING_TIMERS,
  LIVE_ANNOUNCE_INTERVAL_MS,
  READ_RECEIPT_INTERVAL_MS,
  RENDER_SLICE_MAX,
  RENDER_SLICE_UPDATES_MAX,
  TYPING_TIMEOUT_MS,
} from '../../limits.js';
import type { CryptalkComposer, UploadProgress } from '../composer/composer.component.js';
import type { CryptalkMessageList } from '../message-list/message-list.component.js';
import { panelStyles } from './panel.styles.js';
import {
  type CallSessionLoader,
  type CallsLoader,
  loadCallSessionOnDemand,
  loadCallsOnDemand,
  PanelCallsController,
} from './panel-calls-controller.js';

/** The views of the panel. */
export type PanelView = 'room' | 'inbox' | 'invite' | 'safety';

/** A failure the user can act on. */
interface Problem {
  message: string;
  retry: () => void;
}

/**
 * The chat itself: header (brand, logo, connection status, invite, safety number, close), the room's
 * messages and composer, the inbox, the invite and safety-number screens, actionable errors, and an ARIA
 * live region that announces new messages. Loaded on first open by `<cryptalk-chat>`; usable on its own.
 *
 * @summary The open chat panel.
 * @fires cryptalk-message - a message arrived in the open room.
 * @fires cryptalk-action - `close` when the user closes the panel.
 * @slot header - replaces the brand name in the header.
 * @slot empty - shown while the room has no messages.
 * @csspart panel - the panel's box.
 * @csspart header - the title bar.
 * @csspart title - the brand name and logo.
 * @csspart logo - the brand logo.
 * @csspart status - the connection status.
 * @csspart close - the close button.
 * @csspart error - an error with its retry button.
 * @csspart toolbar - the disappearing-messages control.
 * @csspart call-button - the header's voice and video call buttons (when the backend offers calls).
 * @csspart call - the call view over the messages.
 * @csspart call-bar - the compact "call in progress" bar with its button back to the call.
 * @csspart call-error - why a call could not start, with a retry.
 * @csspart incoming-call - the ringing card.
 */
export class CryptalkPanel extends LitElement {
  static override styles = panelStyles;

  static override shadowRootOptions = { ...LitElement.shadowRootOptions };

  /**
   * Loads the calls chunk the first time a call starts or rings (the script-tag build loads
   * `cryptalk-calls.js` beside the core). Replaceable, e.g. to count loads in tests.
   */
  static loadCalls: CallsLoader = loadCallsOnDemand;

  /**
   * Loads the panel's call session (the call's state, the ringing card, the call view) with the calls chunk,
   * the first time a call starts or rings (the script-tag build loads `cryptalk-ui-panel-call-session.js`
   * beside the UI). Replaceable, e.g. to count loads in tests.
   */
  static loadCallSession: CallSessionLoader = loadCallSessionOnDemand;

  static override properties = {
    backend: { attribute: false },
    room: { type: String },
    brand: { type: String },
    logo: { type: String },
    locale: { type: String },
    mode: { type: String, reflect: true },
    active: { type: Boolean },
    view: { type: String },
    items: { state: true },
    connection: { state: true },
    joinedRoom: { state: true },
    typingNames: { state: true },
    problem: { state: true },
    replyTo: { state: true },
    editing: { state: true },
    uploads: { state: true },
    timer: { state: true },
    roomList: { state: true },
    inviteLink: { state: true },
    safety: { state: true },
    live: { state: true },
  };

  /** The chat backend (the SDK adapter, or a {@link MemoryBackend} in tests and stories). */
  backend: ChatBackend | undefined;
  /** The open room's id. */
  room = '';
  /** The brand name in the header. */
  brand = 'Chat';
  /** URL of the brand logo. */
  logo = '';
  /** The locale ('' = the browser's). */
  locale = '';
  /** `launcher` (closable, traps focus), `inline` or `page`. */
  mode: 'launcher' | 'inline' | 'page' = 'launcher';
  /** Whether the panel is visible (messages shown are then marked read). */
  active = true;
  /** The current view. */
  view: PanelView = 'room';

  private items: ChatItem[] = [];
  private connection: BackendConnectionState = 'disconnected';
  /** The room whose join has completed on the current connection; the composer waits for it. */
  private joinedRoom: string | undefined;
  private typingNames: string[] = [];
  private problem: Problem | undefined;
  private replyTo: ChatItem | null = null;
  private editing: ChatItem | null = null;
  private uploads: UploadProgress[] = [];
  private timer = 0;
  private roomList: RoomSummary[] = [];
  private inviteLink = '';
  private safety = { number: '', verified: false };
  private live = '';
  private offs: Off[] = [];
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly l10n = new LocalizeController(this);
  private readonly calls = new PanelCallsController(
    this,
    () => CryptalkPanel.loadCalls(),
    () => this.l10n.t,
    () => CryptalkPanel.loadCallSession(),
  );

  constructor() {
    super();
    this.addEventListener(CryptalkActionEvent.type, (e) => this.onAction(e));
    this.addEventListener('cryptalk-send', (e) => this.onSend(e));
  }

  /**
   * Sends a text message to the open room.
   * @param text - the text.
   */
  async send(text: string): Promise<void> {
    await this.run(() => this.requireBackend().send(this.room, text));
  }

  /** Focuses the composer (or the first control of the view). */
  focusFirst(): void {
    void this.updateComplete.then(() => {
      if (this.view === 'room') this.composer?.focusInput();
      else this.renderRoot.querySelector<HTMLElement>('header button')?.focus();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#announceTimer);
    this.#announceTimer = undefined;
    clearTimeout(this.#readTimer);
    this.#readTimer = undefined;
    this.unsubscribe();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.backend && !this.offs.length) this.start();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('backend') || changed.has('room')) && this.isConnected) this.start();
    if (changed.has('active') && this.active) {
      this.applyHeld();
      this.markRead();
    }
  }

  private get composer(): CryptalkComposer | null {
    return this.renderRoot.querySelector('cryptalk-composer');
  }

  private requireBackend(): ChatBackend {
    if (!this.backend) throw new Error('no chat backend');
    return this.backend;
  }

  private unsubscribe(): void {
    for (const off of this.offs) off();
    this.offs = [];
  }

  private start(): void {
    this.unsubscribe();
    const b = this.backend;
    if (!b) return;
    this.items = [];
    this.#held = [];
    this.#backlog = [];
    this.roomList = b.rooms();
    this.offs = [
      b.on('connection', ({ state }) => {
        const was = this.connection;
        this.connection = state;
        if (state !== 'connected') this.joinedRoom = undefined;
        else if (was !== 'connected' && this.room && this.joinedRoom === undefined) this.joinRoom(b);
      }),
      b.on('message', (m) => this.onMessage(m)),
      b.on('typing', ({ room, names }) => {
        if (room !== this.room) return;
        this.typingNames = names;
        clearTimeout(this.typingTimer);
        if (names.length) this.typingTimer = setTimeout(() => (this.typingNames = []), TYPING_TIMEOUT_MS);
      }),
      b.on('rooms', (rooms) => {
        this.roomList = rooms;
      }),
      b.on('timer', ({ room, seconds }) => {
        if (room === this.room) this.timer = seconds;
      }),
      b.on('error', (err) => {
        this.problem = { message: err.message, retry: () => (this.problem = undefined) };
      }),
      this.calls.watch(b),
    ];
    if (!this.room) {
      this.view = 'inbox';
      void this.run(() => b.connect(), 'connect');
      return;
    }
    this.joinRoom(b);
  }

  /** Joins the current room (again, after a reconnect) and merges its history into the list. */
  private joinRoom(b: ChatBackend): void {
    const room = this.room;
    void this.run(async () => {
      const history = await b.join(room);
      if (room !== this.room) return;
      const seen = new Set(this.items.map((m) => m.id));
      this.items = [...history.filter((m) => !seen.has(m.id)), ...this.items];
      this.joinedRoom = room;
      this.markRead();
    }, 'connect');
  }

  /**
   * Messages received since the last batch, applied together: once per frame, and during a burst at most
   * every {@link BURST_FLUSH_INTERVAL_MS}, so a burst costs a few renders rather than one per message.
   */
  readonly #incoming = new FrameBatcher<ChatItem>((batch) => this.renderInSlices(batch), {
    minIntervalMs: BURST_FLUSH_INTERVAL_MS,
    hiddenDelayMs: BACKGROUND_FLUSH_MS,
    // A task of its own rather than an animation-frame callback: the list's render (script) and the frame
    // that lays it out and paints it are then two tasks, each well under 50 ms (issue #9).
    frame: (run) => setTimeout(run, 0),
  });
  /**
   * Messages received while the panel is not visible (closed, or the page hidden), oldest first. Nobody
   * sees the list then, so nothing renders: they are applied in one go when the panel shows again. The
   * `cryptalk-message` events (and so the launcher's unread count) still go out as each one arrives.
   */
  #held: ChatItem[] = [];
  /** Ids in `items` or waiting in `#incoming` (rebuilt when `items` is replaced), to tell new messages. */
  #known = new Set<string>();
  #knownFor: ChatItem[] | undefined;
  /** Index of each id in `items`, kept while `items` is the array it was built for. */
  #at = new Map<string, number>();
  #atFor: ChatItem[] | undefined;
  /** Messages from others not announced yet, the latest of them, and when the live region may speak next. */
  #unheard = 0;
  #unheardLast: ChatItem | undefined;
  #nextAnnounce = 0;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;

  private onMessage(m: ChatItem): void {
    if (m.room !== this.room) return;
    if (this.#knownFor !== this.items) {
      this.#known = new Set(this.items.map((x) => x.id));
      for (const x of this.#incoming.pending()) this.#known.add(x.id);
      for (const x of this.#held) this.#known.add(x.id);
      for (const x of this.#backlog) this.#known.add(x.id);
      this.#knownFor = this.items;
    }
    const isNew = !this.#known.has(m.id);
    this.#known.add(m.id);
    if (this.active) {
      this.#incoming.push(m);
      // Told as it arrives (with its batch), not as its row renders: a burst renders over many frames.
      if (isNew && !m.own) {
        this.#unheard++;
        this.#unheardLast = m;
      }
    } else this.#held.push(m);
    if (isNew) this.dispatchEvent(new CryptalkMessageEvent(m));
  }

  /**
   * The panel shows again: applies what arrived meanwhile after anything still batched (so the order is
   * kept), in one render. Not announced: the launcher's badge already counted them, and a live region
   * reads out changes, not a backlog.
   */
  private applyHeld(): void {
    if (!this.#held.length) return;
    this.#incoming.flushNow();
    const held = [...this.#backlog.splice(0), ...this.#held];
    this.#held = [];
    this.flushIncoming(held);
  }

  /** A batch's messages not rendered yet, oldest first: each slice renders at most {@link RENDER_SLICE_MAX}. */
  #backlog: ChatItem[] = [];
  /** Whether the next slice is scheduled. */
  #slicing = false;

  /**
   * Renders a batch a few messages at a time: each slice adds at most {@link RENDER_SLICE_MAX} rows, then
   * the next waits until a frame has laid out and painted this one, so no task renders a whole burst.
   */
  private renderInSlices(batch: ChatItem[]): void {
    if (this.#unheard) this.announce();
    this.#backlog.push(...batch);
    if (!this.#slicing) this.renderSlice();
  }

  private renderSlice(): void {
    this.#slicing = false;
    if (!this.#backlog.length) return;
    this.flushIncoming(this.#backlog.splice(0, this.sliceLength()));
    if (!this.#backlog.length) return;
    this.#slicing = true;
    // The next slice in a task of its own after the next frame (which lays out and paints this one); on
    // timers alone while the page has no frames (hidden).
    const next = () => setTimeout(() => this.renderSlice(), 0);
    if (typeof requestAnimationFrame === 'function' && !document.hidden) requestAnimationFrame(next);
    else next();
  }

  /**
   * How many of the backlog's first messages the next slice applies: up to {@link RENDER_SLICE_MAX} new ones
   * (rows to add) and, among them, up to {@link RENDER_SLICE_UPDATES_MAX} changes of listed messages (a read
   * receipt or a reaction re-renders a row only if it is in view).
   */
  private sliceLength(): number {
    const listed = this.index();
    const taken = new Set<string>();
    let fresh = 0;
    let updates = 0;
    let n = 0;
    for (const m of this.#backlog) {
      const update = listed.has(m.id) || taken.has(m.id);
      if (update ? updates === RENDER_SLICE_UPDATES_MAX : fresh === RENDER_SLICE_MAX) break;
      if (update) updates++;
      else fresh++;
      taken.add(m.id);
      n++;
    }
    return Math.max(n, 1);
  }

  /** The index of each id in `items` (rebuilt when `items` was replaced). */
  private index(): Map<string, number> {
    if (this.#atFor !== this.items) {
      this.#at = new Map(this.items.map((x, i) => [x.id, i]));
      this.#atFor = this.items;
    }
    return this.#at;
  }

  /**
   * Applies received messages and updates in one go: one new `items` array, one render.
   * @param batch - the messages, oldest first.
   */
  private flushIncoming(batch: ChatItem[]): void {
    const at = this.index();
    const next = this.items.slice();
    const authors = new Set<string>();
    for (const m of batch) {
      if (m.room !== this.room) continue;
      const i = at.get(m.id);
      if (i !== undefined) {
        next[i] = m;
        if (this.editing?.id === m.id && m.deleted) this.editing = null;
        continue;
      }
      at.set(m.id, next.length);
      next.push(m);
      if (!m.own) authors.add(m.author);
    }
    this.items = next;
    this.#atFor = next;
    this.#knownFor = next;
    if (authors.size) this.typingNames = this.typingNames.filter((n) => !authors.has(n));
    if (this.active) this.markRead();
  }

  /**
   * Says what arrived in the ARIA live region: the message itself, or for a burst how many arrived and
   * the latest, at most once per {@link LIVE_ANNOUNCE_INTERVAL_MS} so a screen reader is not flooded.
   */
  private announce(): void {
    const wait = this.#nextAnnounce - performance.now();
    if (wait > 0) {
      this.#announceTimer ??= setTimeout(() => {
        this.#announceTimer = undefined;
        this.announce();
      }, wait);
      return;
    }
    const m = this.#unheardLast;
    const count = this.#unheard;
    this.#unheard = 0;
    this.#unheardLast = undefined;
    if (!m || !this.isConnected) return;
    this.#nextAnnounce = performance.now() + LIVE_ANNOUNCE_INTERVAL_MS;
    const { t } = this.l10n;
    const latest = t.newMessage(m.author || t.someone, m.text || m.attachment?.name || '');
    this.live = count === 1 ? latest : `${t.newMessages(count)}. ${latest}`;
  }

  /** When the next read receipt may go out, and the timer of the one waiting for it. */
  #nextRead = 0;
  #readTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * Sends a read receipt for the newest message: at once after a quiet spell, otherwise at most once per
   * {@link READ_RECEIPT_INTERVAL_MS} (a burst renders in many slices; one receipt for the newest is enough).
   */
  private markRead(): void {
    if (this.#readTimer !== undefined) return;
    const wait = this.#nextRead - performance.now();
    if (wait > 0) {
      this.#readTimer = setTimeout(() => {
        this.#readTimer = undefined;
        this.markRead();
      }, wait);
      return;
    }
    const last = this.items.at(-1);
    if (!last || !this.backend || !this.active) return;
    this.#nextRead = performance.now() + READ_RECEIPT_INTERVAL_MS;
    this.backend.markRead(this.room, last.id);
  }

  /** Runs a backend call; a failure becomes an actionable error with a retry. */
  private async run(op: () => Promise<unknown>, kind: 'connect' | 'send' = 'send'): Promise<void> {
    try {
      await op();
      if (this.problem) this.problem = undefined;
    } catch (err) {
      const { t } = this.l10n;
      this.problem = {
        message: kind === 'connect' ? t.errorConnect : t.errorSend,
        retry: () => {
          this.problem = undefined;
          void this.run(op, kind);
        },
      };
      if (kind === 'send') throw err;
    }
  }

  private onSend(e: CryptalkSendEvent): void {
    e.stopPropagation();
    const b = this.backend;
    if (!b) return;
    for (const file of e.files) {
      const upload: UploadProgress = { id: `${Date.now()}-${file.name}`, name: file.name, progress: 0 };
      this.uploads = [...this.uploads, upload];
      const done = () => (this.uploads = this.uploads.filter((u) => u !== upload));
      void this.run(() =>
        b.sendAttachment(this.room, file, (p) => {
          upload.progress = p;
          this.uploads = [...this.uploads];
        }),
      )
        .catch(() => {})
        .finally(done);
    }
    if (!e.text) return;
    const editing = this.editing;
    const replyTo = this.replyTo;
    this.editing = null;
    this.replyTo = null;
    const op = editing
      ? () => b.edit(this.room, editing.id, e.text)
      : () => b.send(this.room, e.text, replyTo ? { replyTo: replyTo.id } : {});
    void this.run(op).catch(() => {});
  }

  private onAction(e: CryptalkActionEvent): void {
    const b = this.backend;
    if (e.action === 'close' || !b) return;
    e.stopPropagation();
    const item = () => this.items.find((m) => m.id === e.subject) ?? null;
    switch (e.action) {
      case 'reply':
        this.editing = null;
        this.replyTo = item();
        break;
      case 'edit':
        this.replyTo = null;
        this.editing = item();
        break;
      case 'delete':
        void this.run(() => b.delete(this.room, e.subject)).catch(() => {});
        break;
      case 'react':
        void this.run(() => b.react(this.room, e.subject, e.value)).catch(() => {});
        break;
      case 'cancel':
        this.replyTo = null;
        this.editing = null;
        break;
      case 'typing':
        b.typing(this.room, true);
        break;
      case 'retry':
        this.problem?.retry();
        break;
      case 'verify':
        this.safety = { ...this.safety, verified: true };
        break;
      case 'select-room':
        this.room = e.subject;
        this.view = 'room';
        break;
    }
  }

  /**
   * Opens a room's messages (used to answer a call ringing in another room).
   * @param room - the room's id.
   */
  openRoom(room: string): void {
    this.room = room;
    this.view = 'room';
  }

  private async show(view: PanelView): Promise<void> {
    const b = this.backend;
    this.view = view;
    if (!b) return;
    if (view === 'invite') this.inviteLink = await b.inviteLink(this.room);
    if (view === 'safety') {
      try {
        this.safety = { number: await b.safetyNumber(this.room), verified: this.safety.verified };
      } catch {
        this.safety = { number: '', verified: false };
      }
    }
    if (view === 'inbox') this.roomList = b.rooms();
  }

  /** Focus trap: Tab from the last control wraps to the first, Shift+Tab from the first to the last. */
  private wrapFocus(toStart: boolean): void {
    if (toStart) {
      this.renderRoot.querySelector<HTMLElement>('header button, header select')?.focus();
      return;
    }
    const view = this.renderRoot.querySelector('.view > :last-child') as
      | (HTMLElement & { focusLast?: () => void })
      | null;
    if (view?.focusLast) view.focusLast();
    else {
      const buttons = this.renderRoot.querySelectorAll<HTMLElement>('header button');
      buttons[buttons.length - 1]?.focus();
    }
  }

  private renderView() {
    const { t } = this.l10n;
    const caps: Partial<BackendCapabilities> = this.backend?.capabilities ?? {};
    switch (this.view) {
      case 'inbox':
        return html`<cryptalk-room-list .rooms=${this.roomList} locale=${this.locale}></cryptalk-room-list>`;
      case 'invite':
        return html`<cryptalk-invite link=${this.inviteLink} locale=${this.locale}></cryptalk-invite>`;
      case 'safety':
        return html`<cryptalk-safety-number
          number=${this.safety.number}
          ?verified=${this.safety.verified}
          locale=${this.locale}
        ></cryptalk-safety-number>`;
      default:
        return html`
          ${
            caps.disappearing
              ? html`<div part="toolbar" class="toolbar">
                <label for="timer">${t.disappearing}</label>
                <select
                  id="timer"
                  .value=${String(this.timer)}
                  @change=${(e: Event) => {
                    const seconds = Number((e.target as HTMLSelectElement).value);
                    void this.run(() => this.requireBackend().setDisappearing(this.room, seconds)).catch(
                      () => {},
                    );
                  }}
                >
                  ${DISAPPEARING_TIMERS.map((s) => html`<option value=${s} ?selected=${s === this.timer}>${t.timer(s)}</option>`)}
                </select>
              </div>`
              : nothing
          }
          <cryptalk-message-list
            ?inert=${this.calls.covering}
            exportparts="messages, message, bubble, author, text, link, reactions, typing, attachment, empty"
            .messages=${this.items}
            .typing=${this.typingNames}
            .capabilities=${caps}
            locale=${this.locale}
          >
            <slot name="empty" slot="empty">${t.empty}</slot>
          </cryptalk-message-list>
          <cryptalk-composer
            ?inert=${this.calls.covering}
            exportparts="composer, input, send, emoji-button, attach-button, banner, upload"
            locale=${this.locale}
            .replyTo=${this.replyTo}
            .editing=${this.editing}
            .uploads=${this.uploads}
            .capabilities=${caps}
            ?disabled=${this.connection !== 'connected' || this.joinedRoom !== this.room}
          ></cryptalk-composer>
          ${this.calls.renderLayer(t)}
        `;
    }
  }

  override render() {
    const { t } = this.l10n;
    const caps = this.backend?.capabilities;
    const trap = this.mode === 'launcher';
    const statusText =
      this.connection === 'connected'
        ? t.connected
        : this.connection === 'connecting'
          ? t.connecting
          : t.offline;
    const back = this.view !== 'room' || (caps?.rooms && this.roomList.length > 1);
    return html`
      <div
        part="panel"
        class="panel"
        dir=${this.l10n.dir}
        lang=${this.l10n.t.$code}
        role=${trap ? 'dialog' : 'region'}
        aria-modal=${trap ? 'true' : nothing}
        aria-label=${this.brand}
      >
        ${trap ? html`<span tabindex="0" class="sentinel" @focus=${() => this.wrapFocus(false)}></span>` : nothing}
        <header part="header">
          ${
            back && this.room
              ? html`<button class="icon-button" aria-label=${this.view === 'room' ? t.back : t.messages} @click=${() => this.show(this.view === 'room' ? 'inbox' : 'room')}>
                ${this.l10n.dir === 'rtl' ? iconForward : iconBack}
              </button>`
              : nothing
          }
          <h2 part="title" class="title">
            ${this.logo ? html`<img part="logo" class="logo" src=${this.logo} alt="" />` : nothing}
            <slot name="header"><span>${this.brand}</span></slot>
          </h2>
          <span part="status" class="status" role="status">${statusText}</span>
          ${this.calls.renderButtons(t)}
          ${
            caps?.invites && this.room
              ? html`<button class="icon-button" aria-label=${t.invite} aria-pressed=${this.view === 'invite' ? 'true' : 'false'} @click=${() => this.show(this.view === 'invite' ? 'room' : 'invite')}>
                ${iconInvite}
              </button>`
              : nothing
          }
          ${
            caps?.safetyNumbers && this.room
              ? html`<button class="icon-button" aria-label=${t.safety} aria-pressed=${this.view === 'safety' ? 'true' : 'false'} @click=${() => this.show(this.view === 'safety' ? 'room' : 'safety')}>
                ${iconShield}
              </button>`
              : nothing
          }
          ${
            trap
              ? html`<button part="close" class="icon-button" aria-label=${t.closeChat} @click=${() => this.dispatchEvent(new CryptalkActionEvent('close'))}>
                ${iconClose}
              </button>`
              : nothing
          }
        </header>
        ${
          this.problem
            ? html`<div part="error" class="error" role="alert">
              <span>${this.problem.message}</span>
              <button @click=${() => this.problem?.retry()}>${t.retry}</button>
            </div>`
            : nothing
        }
        ${this.calls.renderBars(t)}
        <div class="view">${this.renderView()}</div>
        <div class="sr-only" aria-live="polite" aria-atomic="true">${this.live}</div>
        ${trap ? html`<span tabindex="0" class="sentinel" @focus=${() => this.wrapFocus(true)}></span>` : nothing}
      </div>
    `;
  }

  /** The message list, for tests and the chat's scroll benchmark. */
  get messageList(): CryptalkMessageList | null {
    return this.renderRoot.querySelector('cryptalk-message-list');
  }
}
