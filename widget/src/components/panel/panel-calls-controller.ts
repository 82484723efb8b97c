import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CallSignalEvent } from '../../backend/chat-backend.js';
import type { ChatBackend } from '../../backend/index.js';
import { type CallCapableBackend, isCallCapable } from '../../calls/call-backend.js';
import type { CallHandle, IncomingCallHandle } from '../../calls/call-handle.js';
import type { CallsChunk } from '../../calls/load-calls.js';
import type { Off } from '../../internal/emitter.js';
import type { Translation } from '../../translations/index.js';
import type { CryptalkCallAnswerEvent } from '../call/call-answer-event.js';
import { iconPhone, iconVideo } from '../call/call-icons.js';

/** Loads the calls chunk (which defines the call elements). */
export type CallsLoader = () => Promise<CallsChunk>;

/**
 * The default {@link CallsLoader}: a dynamic import that bundlers split into its own chunk. The script-tag
 * build maps it to `cryptalk-calls.js` beside `cryptalk-core.js` (see widget/rollup.widget.mjs), so the chat
 * core carries no calls code.
 */
export const loadCallsOnDemand: CallsLoader = () => import('../../calls/chunk.js');

/** Call signals kept for the calls chunk until it loads (a ring and the first candidates that follow it). */
export const MAX_EARLY_CALL_SIGNALS = 64;
/** Buffered signals older than this are dropped (the SDK drops signals older than 30 s anyway), in ms. */
const EARLY_CALL_SIGNAL_MAX_AGE_MS = 30_000;
/**
 * Whether a call signal's text is a ring (the SDK's JSON `{"v":1,"k":"ring",…}`). A cheap look, so the chat
 * core carries no calls code: a false positive only loads the calls chunk, which decodes strictly.
 */
const RING = /"k"\s*:\s*"ring"/;
/** Rings are short (media flags and a 32-byte secret); longer signals are not looked into. */
const MAX_RING_CHARS = 1024;

/** A call that rings, with the room it rings in. */
interface Ring {
  readonly room: string;
  readonly call: IncomingCallHandle;
}

/** A problem starting or answering a call, explained, with a retry. */
interface CallFailure {
  readonly message: string;
  readonly retry: () => void;
}

/** What the controller needs from `<cryptalk-panel>`. */
export interface PanelCallsHost extends ReactiveControllerHost {
  readonly backend: ChatBackend | undefined;
  readonly room: string;
  readonly locale: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Opens a room's messages (to answer a call that rings in another room). */
  openRoom(room: string): void;
}

/**
 * The calls part of `<cryptalk-panel>`: the header's call buttons when the backend is call-capable, the
 * ringing card, the call view over the messages, the compact "call in progress" bar, and the focus moves
 * between them. Loads the calls chunk the first time a call starts or rings, through `load`.
 */
export class PanelCallsController implements ReactiveController {
  /** The call in progress, if any. */
  call: CallHandle | undefined;
  /** The room the call is in. */
  callRoom = '';
  /** Whether the call view is shown (else the compact bar). */
  showing = false;
  /** The ringing call, if any. */
  ring: Ring | undefined;
  /** Text for the assertive live region (incoming calls). */
  announcement = '';
  /** A start or answer failure. */
  failure: CallFailure | undefined;
  /** Whether a call is being started (the buttons wait). */
  starting = false;

  private chunk: CallsChunk | undefined;
  /** Call signals that arrived before the backend was made call-capable, with their arrival time. */
  private early: Array<{ at: number; signal: CallSignalEvent }> = [];
  /** Subscribes to rings once a backend with a call environment became call-capable. */
  private listenRings: ((backend: ChatBackend & CallCapableBackend) => void) | undefined;
  private lastButton: 'audio' | 'video' = 'audio';
  private offCall: Off | undefined;

  /**
   * @param host - the panel.
   * @param load - loads the calls chunk.
   * @param strings - the panel's strings (for the announcement and failures).
   */
  constructor(
    private readonly host: PanelCallsHost,
    private readonly load: CallsLoader,
    private readonly strings: () => Translation,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.offCall?.();
    this.offCall = undefined;
  }

  /** Whether the call view covers the open room's messages (which are then inert). */
  get covering(): boolean {
    return !!this.call && this.showing && this.host.room === this.callRoom;
  }

  /**
   * Whether the panel's backend offers calls: it is call-capable, or it carries a call environment
   * (`capabilities.calls`) that the calls chunk's `enableBackendCalls` makes call-capable when first used.
   */
  get capable(): boolean {
    const b = this.host.backend;
    return !!b && (isCallCapable(b) || b.capabilities?.calls === true);
  }

  /**
   * Listens for calls ringing through a backend. For a backend that only carries a call environment
   * (`capabilities.calls`), the bridge is on from now: its call signals are kept (bounded, for 30 s) without
   * loading anything, and the first ring loads the calls chunk, whose `enableBackendCalls` makes the backend
   * call-capable and replays what was kept, so that ring is answered like any other.
   * @param backend - the panel's backend.
   * @returns the function that stops listening (a no-op when the backend offers no calls).
   */
  watch(backend: ChatBackend): Off {
    let off: Off = () => {};
    const listen = (b: ChatBackend & CallCapableBackend) => {
      off();
      this.listenRings = undefined;
      this.early = [];
      off = b.onIncomingCall((room, call) => void this.onRing(room, call));
    };
    if (isCallCapable(backend)) listen(backend);
    else if (backend.capabilities?.calls === true) {
      this.listenRings = listen;
      this.early = [];
      off = backend.on('callSignal', (e) => {
        const now = Date.now();
        this.early = this.early.filter((k) => now - k.at <= EARLY_CALL_SIGNAL_MAX_AGE_MS);
        if (this.early.length >= MAX_EARLY_CALL_SIGNALS) this.early.shift();
        this.early.push({ at: now, signal: { room: e.room, from: e.from, payload: e.payload } });
        if (e.payload.length <= MAX_RING_CHARS && RING.test(e.payload))
          void this.callable(backend).catch((error) => this.fail(error, () => void this.callable(backend)));
      });
    }
    return () => {
      if (this.listenRings === listen) this.listenRings = undefined;
      off();
    };
  }

  /**
   * Starts a call in the open room: loads the calls chunk, rings, shows the call view.
   * @param video - with the camera on.
   */
  async start(video: boolean): Promise<void> {
    const backend = this.host.backend;
    const room = this.host.room;
    if (!backend || !this.capable || !room || this.call || this.starting) return;
    this.lastButton = video ? 'video' : 'audio';
    this.starting = true;
    this.failure = undefined;
    this.host.requestUpdate();
    try {
      const callable = await this.callable(backend);
      if (!callable) throw new Error('the backend offers no calls');
      this.adopt(await callable.startCall(room, { audio: true, video }), room);
    } catch (error) {
      this.fail(error, () => void this.start(video));
    } finally {
      this.starting = false;
      this.host.requestUpdate();
    }
  }

  /** Shows the messages; the call goes on behind the compact bar, whose button takes focus. */
  minimise(): void {
    this.showing = false;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.query('[part=call-bar] button')?.focus());
  }

  /** Shows the call view again (it focuses its first control). */
  restore(): void {
    if (!this.call) return;
    if (this.host.room !== this.callRoom) this.host.openRoom(this.callRoom);
    this.showing = true;
    this.host.requestUpdate();
  }

  /** Clears a failure. */
  dismissFailure(): void {
    this.failure = undefined;
    this.host.requestUpdate();
  }

  private async onRing(room: string, call: IncomingCallHandle): Promise<void> {
    const t = this.strings();
    const here = room === this.host.room;
    this.announcement = t.incomingCall(call.from || t.someone, call.media.video, here ? undefined : room);
    this.host.requestUpdate();
    try {
      await this.ensureChunk();
    } catch (error) {
      this.fail(error, () => void this.onRing(room, call));
      return;
    }
    this.ring = { room, call };
    this.host.requestUpdate();
  }

  /**
   * The ringing card answered.
   * @param e - the card's event.
   */
  async onAnswer(e: CryptalkCallAnswerEvent): Promise<void> {
    e.stopPropagation();
    const ring = this.ring;
    this.ring = undefined;
    this.announcement = '';
    if (e.answer === 'accepted' && e.call && ring) {
      if (this.call && this.call !== e.call) await this.call.hangUp().catch(() => {});
      if (this.host.room !== ring.room) this.host.openRoom(ring.room);
      this.adopt(e.call, ring.room);
    } else if (e.answer === 'cancelled') {
      // The caller hung up first: the card goes; focus moves only if it was on the card.
      const hadFocus = this.query('[part=incoming-call]')?.matches(':focus-within') ?? false;
      this.host.requestUpdate();
      await this.host.updateComplete;
      if (hadFocus) this.focusCallButton();
    } else {
      this.host.requestUpdate();
      await this.host.updateComplete;
      this.focusCallButton();
    }
  }

  /** The call view reported the end of the call (hung up here or there). */
  onEnded(): void {
    const wasShowing = this.showing;
    this.clear();
    if (wasShowing) void this.host.updateComplete.then(() => this.focusCallButton());
  }

  /** The header's call buttons. */
  renderButtons(t: Translation) {
    if (!this.capable || !this.host.room) return nothing;
    const busy = this.starting || !!this.call;
    return html`<button
        class="icon-button"
        part="call-button"
        data-call="audio"
        aria-label=${t.voiceCall}
        title=${t.voiceCall}
        ?disabled=${busy}
        @click=${() => this.start(false)}
      >
        ${iconPhone}
      </button>
      <button
        class="icon-button"
        part="call-button"
        data-call="video"
        aria-label=${t.videoCall}
        title=${t.videoCall}
        ?disabled=${busy}
        @click=${() => this.start(true)}
      >
        ${iconVideo}
      </button>`;
  }

  /** What shows under the header: a failure, the ringing card, the compact bar. */
  renderBars(t: Translation) {
    const call = this.call;
    const inView = this.covering;
    return html`
      ${
        this.failure
          ? html`<div part="call-error" class="error" role="alert">
            <span>${this.failure.message}</span>
            <button @click=${() => this.failure?.retry()}>${t.retry}</button>
            <button @click=${() => this.dismissFailure()}>${t.close}</button>
          </div>`
          : nothing
      }
      ${
        this.ring
          ? html`<cryptalk-incoming-call
            part="incoming-call"
            .call=${this.ring.call}
            locale=${this.host.locale}
            @cryptalk-call-answer=${(e: CryptalkCallAnswerEvent) => this.onAnswer(e)}
          ></cryptalk-incoming-call>`
          : nothing
      }
      ${
        call && !inView
          ? html`<div part="call-bar" class="call-bar">
            <span>${t.callInProgress}</span>
            <button @click=${() => this.restore()}>${t.returnToCall}</button>
          </div>`
          : nothing
      }
      <div class="sr-only" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
    `;
  }

  /** The call view over the messages of the call's room, when shown. */
  renderLayer(t: Translation) {
    const call = this.call;
    if (!call || !this.covering) return nothing;
    return html`<div part="call" class="call-layer">
      <button class="show-messages" @click=${() => this.minimise()}>${t.showMessages}</button>
      <cryptalk-call-view
        .call=${call}
        locale=${this.host.locale}
        @cryptalk-call-ended=${(e: Event) => {
          e.stopPropagation();
          this.onEnded();
        }}
      ></cryptalk-call-view>
    </div>`;
  }

  /**
   * Loads the calls chunk and returns the backend as call-capable: as it is, or made so by the chunk's
   * `enableBackendCalls` (when the chunk carries it) for a backend with a call environment.
   */
  private async callable(backend: ChatBackend): Promise<(ChatBackend & CallCapableBackend) | undefined> {
    const chunk = await this.ensureChunk();
    if (isCallCapable(backend)) return backend;
    // Kept signals go to the chunk in the same turn as it starts listening, so none is lost or doubled.
    const replay = this.early.map((k) => k.signal);
    const made = chunk.enableBackendCalls(backend, { replay });
    if (!made || !isCallCapable(made)) return undefined;
    this.listenRings?.(made);
    return made;
  }

  private async ensureChunk(): Promise<CallsChunk> {
    this.chunk ??= await this.load();
    return this.chunk;
  }

  private adopt(call: CallHandle, room: string): void {
    this.offCall?.();
    this.call = call;
    this.callRoom = room;
    this.showing = true;
    this.failure = undefined;
    // Ended while the view is not shown (the view reports it otherwise, after any explanation).
    this.offCall = call.on('ended', () => {
      if (!this.showing || this.host.room !== this.callRoom) this.clear();
    });
    this.host.requestUpdate();
  }

  private clear(): void {
    this.offCall?.();
    this.offCall = undefined;
    this.call = undefined;
    this.callRoom = '';
    this.showing = false;
    this.host.requestUpdate();
  }

  /** A failure explained: camera and microphone problems by the calls chunk's strings, others generally. */
  private fail(error: unknown, retry: () => void): void {
    const t = this.strings();
    let message = t.callFailed;
    const kind = this.chunk?.callProblemFrom(error).kind;
    if (this.chunk && kind && kind !== 'failed')
      message = this.chunk.callStringsFor(this.host.locale).problem[kind];
    this.failure = {
      message,
      retry: () => {
        this.failure = undefined;
        retry();
      },
    };
    this.host.requestUpdate();
  }

  private focusCallButton(): void {
    const button =
      this.query(`[data-call=${this.lastButton}]`) ?? this.query('[part=call-button]') ?? undefined;
    button?.focus();
  }

  private query(selector: string): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(selector);
  }
}
