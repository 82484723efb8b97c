import { html, LitElement, nothing } from 'lit';
import type { CallHandle, CallParticipant } from '../../../calls/call-handle.js';
import type { CallProblem } from '../../../calls/call-problem.js';
import type { CallStrings } from '../../../calls/call-strings.js';
import { callStringsFor } from '../../../calls/call-strings-for.js';
import type { Off } from '../../../internal/emitter.js';
import '../device-picker/device-picker.js';
import { CryptalkCallEndedEvent } from '../call-ended-event.js';
import {
  iconHangUp,
  iconLock,
  iconMic,
  iconMicOff,
  iconScreen,
  iconSettings,
  iconVideo,
  iconVideoOff,
} from '../call-icons.js';
import { callViewStyles } from './call-view.styles.js';

/**
 * The call in progress: a grid of participant tiles (video, name, mute indicator, active speaker highlight),
 * a screen share as the large tile, the local preview, badges for the connection (direct or media server,
 * end-to-end encryption, quality), a notice after a fallback, explanations of camera and microphone problems
 * with a retry, and the controls (mute, camera, screen share, devices, hang up). The call's state is
 * announced in a live region; the mute button takes focus when the view appears.
 *
 * @summary Shows and controls a call.
 * @fires cryptalk-call-ended - the call ended (after a media failure: once its explanation is dismissed).
 * @csspart view - the whole view.
 * @csspart header - the status line with the badges.
 * @csspart status - the call's state (a live region).
 * @csspart mode-badge - direct connection or media server.
 * @csspart encryption-badge - the end-to-end encryption badge.
 * @csspart quality-badge - the connection quality badge.
 * @csspart notice - the notice shown after a fallback to the media server.
 * @csspart problem - the explanation of a camera, microphone or screen-share problem.
 * @csspart retry - the retry button of a problem.
 * @csspart ended - why the call ended, before the view closes (the other member declined).
 * @csspart close - closes the view after that explanation.
 * @csspart stage - the tiles.
 * @csspart screen - the large tile of a shared screen.
 * @csspart grid - the grid of tiles.
 * @csspart tile - one participant's tile (also `speaking` for the active speaker, `local` for the preview).
 * @csspart video - a tile's video.
 * @csspart name - a tile's name.
 * @csspart mute-indicator - a tile's muted-microphone indicator.
 * @csspart controls - the control bar.
 * @csspart control - each toggle of the control bar (`aria-pressed` tells its state).
 * @csspart devices-panel - the device picker's panel.
 * @csspart hang-up - the hang-up button.
 * @cssproperty [--ct-call-tile-min=140px] - the smallest width of a tile in the grid.
 * @cssproperty [--ct-call-stage-background=#0d0f12] - background behind the videos.
 */
export class CryptalkCallView extends LitElement {
  static override styles = callViewStyles;

  static override properties = {
    call: { attribute: false },
    locale: { type: String },
    devicesOpen: { state: true },
    noticeDismissed: { state: true },
    dismissed: { state: true },
  };

  /** The call to show. */
  call: CallHandle | undefined;
  /** The locale ('' = the browser's). */
  locale = '';

  private devicesOpen = false;
  private noticeDismissed = false;
  private dismissed: CallProblem | undefined;
  private offs: Off[] = [];
  private subscribed: CallHandle | undefined;
  private endedWaiting: { code: string; reason: string } | undefined;
  private focusRetry = false;
  private focusEnded = false;

  /** Focuses the mute button. */
  focusFirst(): void {
    this.byPart('mute')?.focus();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.call && this.subscribed !== this.call) this.subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('call') && this.subscribed !== this.call) this.subscribe();
  }

  protected override firstUpdated(): void {
    this.focusFirst();
  }

  protected override updated(): void {
    if (this.focusRetry) {
      this.focusRetry = false;
      this.byPart('retry')?.focus();
    }
    if (this.focusEnded) {
      this.focusEnded = false;
      this.byPart('close')?.focus();
    }
  }

  private byPart(name: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`);
  }

  private subscribe(): void {
    this.unsubscribe();
    const call = this.call;
    this.subscribed = call;
    this.noticeDismissed = false;
    this.dismissed = undefined;
    if (!call) return;
    this.offs = [
      call.on('change', () => this.requestUpdate()),
      call.on('error', () => {
        this.dismissed = undefined;
        this.focusRetry = true;
        this.requestUpdate();
      }),
      call.on('ended', ({ code, reason }) => {
        this.devicesOpen = false;
        if (code === 'media-failed' && call.problem) this.endedWaiting = { code, reason };
        else if (code === 'declined') {
          // Said before the view goes: the callee declined. Closing reports the end.
          this.endedWaiting = { code, reason };
          this.focusEnded = true;
        } else this.dispatchEvent(new CryptalkCallEndedEvent(code, reason));
        this.requestUpdate();
      }),
    ];
  }

  private unsubscribe(): void {
    for (const off of this.offs) off();
    this.offs = [];
    this.subscribed = undefined;
  }

  private toggleDevices(): void {
    this.devicesOpen = !this.devicesOpen;
    if (this.devicesOpen) {
      void this.updateComplete.then(() =>
        this.renderRoot
          .querySelector<HTMLElement & { focusFirst(): void }>('cryptalk-device-picker')
          ?.focusFirst(),
      );
    }
  }

  private onDevicesKeydown(e: KeyboardEvent): void {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.devicesOpen = false;
    void this.updateComplete.then(() => this.byPart('devices')?.focus());
  }

  private async retry(problem: CallProblem): Promise<void> {
    const call = this.call;
    if (!call) return;
    this.endedWaiting = undefined;
    if (problem.kind === 'screen-share') await call.startScreenShare();
    else await call.retryMedia();
  }

  private dismiss(problem: CallProblem): void {
    this.dismissed = problem;
    const ended = this.endedWaiting;
    this.endedWaiting = undefined;
    if (ended) this.dispatchEvent(new CryptalkCallEndedEvent(ended.code, ended.reason));
    void this.updateComplete.then(() => this.focusFirst());
  }

  private renderTile(p: CallParticipant, s: CallStrings, large = false) {
    const name = p.local ? s.you : p.name || s.someone;
    const label = large ? (p.local ? s.yourScreen : s.screenOf(name)) : name;
    const videoOff = p.videoMuted && !p.screenSharing;
    const parts = ['tile', p.speaking ? 'speaking' : '', p.local ? 'local' : ''].filter(Boolean).join(' ');
    return html`<li
      part=${large ? 'screen' : parts}
      class="tile ${p.speaking ? 'speaking' : ''} ${p.local && !p.screenSharing ? 'mirror' : ''}"
      data-participant=${p.id}
    >
      <video
        part="video"
        autoplay
        playsinline
        .muted=${p.local}
        .srcObject=${p.stream ?? null}
        ?hidden=${videoOff || !p.stream}
      ></video>
      ${videoOff || !p.stream ? html`<span class="avatar" aria-hidden="true">${[...name][0] ?? ''}</span>` : nothing}
      <span part="name" class="name">
        ${label}${p.speaking ? html`<span class="sr-only">, ${s.speaking}</span>` : nothing}
        ${
          p.audioMuted
            ? html`<span part="mute-indicator" class="indicator" role="img" aria-label=${s.micMuted}>${iconMicOff}</span>`
            : nothing
        }
        ${
          videoOff && !large
            ? html`<span class="indicator" role="img" aria-label=${s.videoOff}>${iconVideoOff}</span>`
            : nothing
        }
      </span>
    </li>`;
  }

  /** Closes the view after an end that was explained (declined): reports the end. */
  private closeEnded(): void {
    const ended = this.endedWaiting;
    this.endedWaiting = undefined;
    if (ended) this.dispatchEvent(new CryptalkCallEndedEvent(ended.code, ended.reason));
    this.requestUpdate();
  }

  private renderEnded(s: CallStrings) {
    if (this.endedWaiting?.code !== 'declined') return nothing;
    return html`<div part="ended" class="problem" role="alert">
      <p>${s.declined}</p>
      <div class="row">
        <button part="close" class="primary" @click=${this.closeEnded}>${s.dismiss}</button>
      </div>
    </div>`;
  }

  private renderProblem(problem: CallProblem | undefined, s: CallStrings) {
    if (!problem || problem === this.dismissed) return nothing;
    return html`<div part="problem" class="problem" role="alert">
      <p>${s.problem[problem.kind]}</p>
      <div class="row">
        <button part="retry" class="primary" @click=${() => this.retry(problem)}>${s.retry}</button>
        <button class="secondary" @click=${() => this.dismiss(problem)}>${s.dismiss}</button>
      </div>
    </div>`;
  }

  override render() {
    const s = callStringsFor(this.locale);
    const call = this.call;
    if (!call) return html`<section part="view" class="view" dir=${s.$dir} aria-label=${s.call}></section>`;
    const local = call.local;
    const everyone = [...call.participants, local];
    const screen = everyone.find((p) => p.screenSharing);
    const tiles = everyone.filter((p) => p !== screen);
    const live = call.phase !== 'ended';
    const q = call.quality;
    return html`<section part="view" class="view" dir=${s.$dir} aria-label=${s.call}>
      <header part="header" class="header">
        <span part="status" class="status" role="status">${s.phase[call.phase]}</span>
        <span part="mode-badge" class="badge">${s.mode[call.mode]}</span>
        <span part="encryption-badge" class="badge">${iconLock}${s.encrypted}</span>
        ${q ? html`<span part="quality-badge" class="badge quality ${q.level}">${s.quality[q.level]}</span>` : nothing}
      </header>
      <div role="status" class="notice-slot">
        ${
          call.fallback && call.fallback.reason !== 'participants' && !this.noticeDismissed
            ? html`<p part="notice" class="notice">
              ${s.fallbackNotice}
              <button class="secondary" @click=${() => (this.noticeDismissed = true)}>${s.dismiss}</button>
            </p>`
            : nothing
        }
      </div>
      ${this.renderProblem(call.problem, s)} ${this.renderEnded(s)}
      <div part="stage" class="stage ${screen ? 'with-screen' : ''}">
        ${screen ? html`<ul class="screen-list">${this.renderTile(screen, s, true)}</ul>` : nothing}
        <ul part="grid" class="grid">${tiles.map((p) => this.renderTile(p, s))}</ul>
      </div>
      ${
        live
          ? html`<div part="controls" class="controls" role="group" aria-label=${s.call}>
            <button
              part="control mute"
              class="toggle"
              aria-pressed=${local.audioMuted ? 'true' : 'false'}
              aria-label=${s.mute}
              title=${s.mute}
              @click=${() => call.setAudioMuted(!local.audioMuted)}
            >
              ${local.audioMuted ? iconMicOff : iconMic}
            </button>
            <button
              part="control camera"
              class="toggle"
              aria-pressed=${local.videoMuted ? 'true' : 'false'}
              aria-label=${s.cameraOff}
              title=${s.cameraOff}
              @click=${() => call.setVideoMuted(!local.videoMuted)}
            >
              ${local.videoMuted ? iconVideoOff : iconVideo}
            </button>
            <button
              part="control screen-share"
              class="toggle"
              aria-pressed=${local.screenSharing ? 'true' : 'false'}
              aria-label=${s.shareScreen}
              title=${s.shareScreen}
              @click=${() => (local.screenSharing ? call.stopScreenShare() : call.startScreenShare())}
            >
              ${iconScreen}
            </button>
            <button
              part="control devices"
              class="toggle"
              aria-expanded=${this.devicesOpen ? 'true' : 'false'}
              aria-controls=${this.devicesOpen ? 'devices' : nothing}
              aria-label=${s.devices}
              title=${s.devices}
              @click=${this.toggleDevices}
            >
              ${iconSettings}
            </button>
            <button part="hang-up" class="hang-up" aria-label=${s.hangUp} title=${s.hangUp} @click=${() => call.hangUp()}>
              ${iconHangUp}
            </button>
          </div>`
          : nothing
      }
      ${
        this.devicesOpen
          ? html`<div id="devices" part="devices-panel" class="devices" @keydown=${this.onDevicesKeydown}>
            <cryptalk-device-picker .call=${call} locale=${this.locale}></cryptalk-device-picker>
          </div>`
          : nothing
      }
    </section>`;
  }
}
