import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { CallSignalEvent } from '../../backend/chat-backend.js';
import type { ChatBackend } from '../../backend/index.js';
import { type CallCapableBackend, isCallCapable } from '../../calls/call-backend.js';
import type { IncomingCallHandle } from '../../calls/call-handle.js';
import type { CallsChunk } from '../../calls/load-calls.js';
import type { Off } from '../../internal/emitter.js';
import type { Translation } from '../../translations/index.js';
import { iconPhone, iconVideo } from '../call/call-button-icons.js';
import type { PanelCallSession } from './panel-call-session.js';

/** Loads the calls chunk (which defines the call elements). */
export type CallsLoader = () => Promise<CallsChunk>;

/**
 * The default {@link CallsLoader}: a dynamic import that bundlers split into its own chunk. The script-tag
 * build maps it to `cryptalk-calls.js` beside `cryptalk-core.js` (see widget/rollup.widget.mjs), so the chat
 * core carries no calls code.
 */
export const loadCallsOnDemand: CallsLoader = () => import('../../calls/chunk.js');

/** Loads the lazy half of the controller (the call session: its state, the ringing card, the call view). */
export type CallSessionLoader = () => Promise<typeof import('./panel-call-session.js')>;

/**
 * The default {@link CallSessionLoader}: a dynamic import that bundlers split into its own chunk
 * (`cryptalk-ui-panel-call-session.js` beside the script-tag UI, `cryptalk-frame-panel-call-session.js` beside
 * the frame), loaded with the calls chunk when a call first starts or rings.
 */
export const loadCallSessionOnDemand: CallSessionLoader = () => import('./panel-call-session.js');

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

/** A problem starting or answering a call, explained, with a retry. */
export interface CallFailure {
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
 * between them. What renders before any call (the buttons, the assertive live region, the failure bar) and
 * the ring detection are here; the rest (the ring's announcement too) is the call session
 * (`panel-call-session.ts`), loaded the first time a call starts or rings, which loads the calls chunk through
 * `load`.
 */
export class PanelCallsController implements ReactiveController {
  /** Text for the assertive live region (incoming calls). */
  announcement = '';
  /** A start or answer failure. */
  failure: CallFailure | undefined;
  /** Whether a call is being started (the buttons wait). */
  starting = false;
  /** The call button last used (focus returns to it after a call). */
  lastButton: 'audio' | 'video' = 'audio';
  /** Call signals that arrived before the backend was made call-capable, with their arrival time. */
  early: Array<{ at: number; signal: CallSignalEvent }> = [];
  /** Subscribes to rings once a backend with a call environment became call-capable. */
  listenRings: ((backend: ChatBackend & CallCapableBackend) => void) | undefined;

  /** The call's state and views, once the first call started or rang. */
  private session: PanelCallSession | undefined;

  /**
   * @param host - the panel.
   * @param load - loads the calls chunk.
   * @param strings - the panel's strings (for the announcement and failures).
   * @param loadSession - loads the call session.
   */
  constructor(
    private readonly host: PanelCallsHost,
    private readonly load: CallsLoader,
    private readonly strings: () => Translation,
    private readonly loadSession: CallSessionLoader = loadCallSessionOnDemand,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.session?.stop();
  }

  /** Whether the call view covers the open room's messages (which are then inert). */
  get covering(): boolean {
    return this.session?.covering ?? false;
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
      off = b.onIncomingCall((room, call) => this.onRing(room, call));
    };
    if (isCallCapable(backend)) listen(backend);
    else if (backend.capabilities?.calls === true) {
      this.listenRings = listen;
      this.early = [];
      const enable = (): void => void this.withSession((s) => s.callable(backend), enable);
      off = backend.on('callSignal', (e) => {
        const now = Date.now();
        this.early = this.early.filter((k) => now - k.at <= EARLY_CALL_SIGNAL_MAX_AGE_MS);
        if (this.early.length >= MAX_EARLY_CALL_SIGNALS) this.early.shift();
        this.early.push({ at: now, signal: { room: e.room, from: e.from, payload: e.payload } });
        if (e.payload.length <= MAX_RING_CHARS && RING.test(e.payload)) enable();
      });
    }
    return () => {
      if (this.listenRings === listen) this.listenRings = undefined;
      off();
    };
  }

  /**
   * Starts a call in the open room: loads the call session and the calls chunk, rings, shows the call view.
   * @param video - with the camera on.
   */
  async start(video: boolean): Promise<void> {
    const backend = this.host.backend;
    const room = this.host.room;
    if (!backend || !this.capable || !room || this.session?.call || this.starting) return;
    this.lastButton = video ? 'video' : 'audio';
    this.starting = true;
    this.failure = undefined;
    this.host.requestUpdate();
    await this.withSession(
      (s) => s.start(backend, room, video),
      () => void this.start(video),
    );
    this.starting = false;
    this.host.requestUpdate();
  }

  /** Clears a failure. */
  dismissFailure(): void {
    this.failure = undefined;
    this.host.requestUpdate();
  }

  /** The header's call buttons. */
  renderButtons(t: Translation) {
    if (!this.capable || !this.host.room) return nothing;
    const busy = this.starting || !!this.session?.call;
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
      ${this.session ? this.session.renderBars(t) : nothing}
      <div class="sr-only" aria-live="assertive" aria-atomic="true">${this.announcement}</div>
    `;
  }

  /** The call view over the messages of the call's room, when shown. */
  renderLayer(t: Translation) {
    return this.session ? this.session.renderLayer(t) : nothing;
  }

  /**
   * A call rings: announced once the call session is there (at once when it is), shown once the calls chunk is
   * there too.
   */
  private onRing(room: string, call: IncomingCallHandle): void {
    void this.withSession(
      (s) => s.showRing(room, call, this.strings()),
      () => this.onRing(room, call),
    );
  }

  /**
   * Loads the call session (once; again after a failed load), then runs `step` with it. A failure of either
   * shows in the failure bar, explained by the calls chunk when it can, with `retry`.
   */
  private async withSession(
    step: (session: PanelCallSession) => Promise<unknown>,
    retry: () => void,
  ): Promise<void> {
    try {
      const { PanelCallSession } = await this.loadSession();
      this.session ??= new PanelCallSession(this.host, this, this.load);
      await step(this.session);
    } catch (error) {
      this.failure = {
        message: this.session?.explain(error) ?? this.strings().callFailed,
        retry: () => {
          this.failure = undefined;
          retry();
        },
      };
      this.host.requestUpdate();
    }
  }
}
