/**
 * The lazy half of the panel's calls part ({@link PanelCallsController}): loading the calls chunk (and making
 * a backend with a call environment call-capable), the call in progress and the call that rings, its
 * announcement, the ringing card, the call view over the messages, the compact "call in progress" bar, their
 * styles and the focus moves between them. Loaded the first time a call starts or rings (bundlers split it into
 * a chunk of its own: `cryptalk-ui-panel-call-session.js` beside the script-tag UI), so a chat in which no call
 * starts or rings never downloads it. The header's call buttons, the ring detection, the (empty) live region
 * and the failure bar stay in the controller, which renders them at once.
 *
 * @module
 */
import { html, nothing } from 'lit';
import type { ChatBackend } from '../../backend/index.js';
import { type CallCapableBackend, isCallCapable } from '../../calls/call-backend.js';
import type { CallHandle, IncomingCallHandle } from '../../calls/call-handle.js';
import type { CallsChunk } from '../../calls/load-calls.js';
import { adoptMoreStyles } from '../../internal/adopt-more-styles.js';
import type { Off } from '../../internal/emitter.js';
import type { Translation } from '../../translations/index.js';
import type { CryptalkCallAnswerEvent } from '../call/call-answer-event.js';
import { panelCallSessionStyles } from './panel-call-session.styles.js';
import type { CallsLoader, PanelCallsController, PanelCallsHost } from './panel-calls-controller.js';

/** A call that rings, with the room it rings in. */
export interface Ring {
  readonly room: string;
  readonly call: IncomingCallHandle;
}

/**
 * What the session shares with its controller: the live region's text, the failure, the last call button,
 * the call signals kept until the backend is call-capable and how to listen for its rings then.
 */
export type PanelCallsShared = Pick<
  PanelCallsController,
  'announcement' | 'failure' | 'lastButton' | 'early' | 'listenRings'
>;

/** The state and views of the panel's calls once a call started or rang. */
export class PanelCallSession {
  /** The call in progress, if any. */
  call: CallHandle | undefined;
  /** The room the call is in. */
  callRoom = '';
  /** Whether the call view is shown (else the compact bar). */
  showing = false;
  /** The ringing call, if any. */
  ring: Ring | undefined;
  private offCall: Off | undefined;
  private chunk: CallsChunk | undefined;

  /**
   * Adopts the styles of what the session renders into the panel.
   * @param host - the panel.
   * @param shared - the controller's state the session updates.
   * @param load - loads the calls chunk (which defines the call elements).
   */
  constructor(
    private readonly host: PanelCallsHost,
    private readonly shared: PanelCallsShared,
    private readonly load: CallsLoader,
  ) {
    adoptMoreStyles(host.renderRoot, panelCallSessionStyles);
  }

  /** Whether the call view covers the open room's messages (which are then inert). */
  get covering(): boolean {
    return !!this.call && this.showing && this.host.room === this.callRoom;
  }

  /**
   * Starts a call: loads the calls chunk, rings, shows the call view.
   * @param backend - the panel's backend.
   * @param room - the open room.
   * @param video - with the camera on.
   * @throws whatever loading the chunk or starting the call threw.
   */
  async start(backend: ChatBackend, room: string, video: boolean): Promise<void> {
    const callable = await this.callable(backend);
    if (!callable) throw new Error('the backend offers no calls');
    this.adopt(await callable.startCall(room, { audio: true, video }), room);
  }

  /**
   * Announces a call that rings (the live region), then shows its ringing card once the calls chunk (which
   * defines it) is loaded.
   * @param room - the room it rings in.
   * @param call - the ringing call.
   * @param t - the panel's strings.
   */
  async showRing(room: string, call: IncomingCallHandle, t: Translation): Promise<void> {
    const here = room === this.host.room;
    this.shared.announcement = t.incomingCall(
      call.from || t.someone,
      call.media.video,
      here ? undefined : room,
    );
    this.host.requestUpdate();
    await this.ensureChunk();
    this.ring = { room, call };
    this.host.requestUpdate();
  }

  /**
   * Loads the calls chunk and returns the backend as call-capable: as it is, or made so by the chunk's
   * `enableBackendCalls` (when the chunk carries it) for a backend with a call environment.
   * @param backend - the panel's backend.
   */
  async callable(backend: ChatBackend): Promise<(ChatBackend & CallCapableBackend) | undefined> {
    const chunk = await this.ensureChunk();
    if (isCallCapable(backend)) return backend;
    // Kept signals go to the chunk in the same turn as it starts listening, so none is lost or doubled.
    const replay = this.shared.early.map((k) => k.signal);
    const made = chunk.enableBackendCalls(backend, { replay });
    if (!made || !isCallCapable(made)) return undefined;
    this.shared.listenRings?.(made);
    return made;
  }

  /**
   * Explains a failure by the calls chunk's strings: camera and microphone problems.
   * @param error - what starting or answering threw.
   * @returns the explanation, or undefined for other failures (or before the chunk loaded).
   */
  explain(error: unknown): string | undefined {
    const kind = this.chunk?.callProblemFrom(error).kind;
    return this.chunk && kind && kind !== 'failed'
      ? this.chunk.callStringsFor(this.host.locale).problem[kind]
      : undefined;
  }

  /** Stops following the call (the panel left the page). */
  stop(): void {
    this.offCall?.();
    this.offCall = undefined;
  }

  /**
   * Shows a call that started or was answered, in its room.
   * @param call - the call.
   * @param room - its room.
   */
  adopt(call: CallHandle, room: string): void {
    this.offCall?.();
    this.call = call;
    this.callRoom = room;
    this.showing = true;
    this.shared.failure = undefined;
    // Ended while the view is not shown (the view reports it otherwise, after any explanation).
    this.offCall = call.on('ended', () => {
      if (!this.showing || this.host.room !== this.callRoom) this.clear();
    });
    this.host.requestUpdate();
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

  /**
   * The ringing card answered.
   * @param e - the card's event.
   */
  async onAnswer(e: CryptalkCallAnswerEvent): Promise<void> {
    e.stopPropagation();
    const ring = this.ring;
    this.ring = undefined;
    this.shared.announcement = '';
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

  /** The ringing card and the compact bar (under the header, after the failure bar). */
  renderBars(t: Translation) {
    const call = this.call;
    return html`
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
        call && !this.covering
          ? html`<div part="call-bar" class="call-bar">
            <span>${t.callInProgress}</span>
            <button @click=${() => this.restore()}>${t.returnToCall}</button>
          </div>`
          : nothing
      }
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

  private async ensureChunk(): Promise<CallsChunk> {
    this.chunk ??= await this.load();
    return this.chunk;
  }

  private clear(): void {
    this.stop();
    this.call = undefined;
    this.callRoom = '';
    this.showing = false;
    this.host.requestUpdate();
  }

  private focusCallButton(): void {
    const button =
      this.query(`[data-call=${this.shared.lastButton}]`) ?? this.query('[part=call-button]') ?? undefined;
    button?.focus();
  }

  private query(selector: string): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(selector);
  }
}
