import { html, LitElement } from 'lit';
import type { CallHandle, IncomingCallHandle } from '../../../calls/call-handle.js';
import { callStringsFor } from '../../../calls/call-strings-for.js';
import type { Off } from '../../../internal/emitter.js';
import { CryptalkCallAnswerEvent } from '../call-answer-event.js';
import { iconHangUp, iconPhone, iconVideo } from '../call-icons.js';
import { incomingCallStyles } from './incoming-call.styles.js';

/**
 * A ringing call: who calls and what they send, with accept (with video or voice only) and decline. It is
 * an `alertdialog`; the accept button takes focus when it appears.
 *
 * @summary Answers or declines a ringing call.
 * @fires cryptalk-call-answer - the ring was settled: accepted (`call` is the joined call), declined, or
 *   `cancelled` when the caller hung up (or the ring expired) before an answer.
 * @csspart dialog - the ringing card.
 * @csspart caller - the caller's line.
 * @csspart accept-video - accepts with the camera on.
 * @csspart accept-audio - accepts with voice only.
 * @csspart decline - declines.
 * @cssproperty [--ct-call-accept-color=#116a3a] - background of the accept buttons.
 */
export class CryptalkIncomingCall extends LitElement {
  static override styles = incomingCallStyles;

  static override properties = {
    call: { attribute: false },
    locale: { type: String },
    busy: { state: true },
  };

  /** The ringing call. */
  call: IncomingCallHandle | undefined;
  /** The locale ('' = the browser's). */
  locale = '';

  private busy = false;
  private offCancelled: Off | undefined;
  private watched: IncomingCallHandle | undefined;

  /** Focuses the first accept button. */
  focusFirst(): void {
    this.renderRoot.querySelector<HTMLElement>('[part=accept-video], [part=accept-audio]')?.focus();
  }

  protected override firstUpdated(): void {
    this.focusFirst();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.watchCancel();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.offCancelled?.();
    this.offCancelled = undefined;
    this.watched = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('call')) this.watchCancel();
  }

  /** The caller hanging up before an answer settles the ring as `cancelled`. */
  private watchCancel(): void {
    const call = this.call;
    if (call === this.watched) return;
    this.offCancelled?.();
    this.offCancelled = undefined;
    this.watched = call;
    if (!call) return;
    const cancelled = () => {
      this.offCancelled?.();
      this.offCancelled = undefined;
      this.dispatchEvent(new CryptalkCallAnswerEvent('cancelled', undefined));
    };
    if (call.cancelled) {
      queueMicrotask(cancelled);
      return;
    }
    this.offCancelled = call.on('cancelled', cancelled);
  }

  private async accept(video: boolean): Promise<void> {
    if (!this.call || this.busy) return;
    this.busy = true;
    let joined: CallHandle | undefined;
    try {
      joined = await this.call.accept({ video });
    } finally {
      this.busy = false;
    }
    this.dispatchEvent(new CryptalkCallAnswerEvent('accepted', joined));
  }

  private decline(): void {
    if (!this.call || this.call.cancelled) return;
    this.call.decline();
    this.dispatchEvent(new CryptalkCallAnswerEvent('declined', undefined));
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') this.decline();
  }

  override render() {
    const s = callStringsFor(this.locale);
    const call = this.call;
    const caller = call ? s.incoming(call.from || s.someone, call.media.video) : '';
    return html`<div
      part="dialog"
      class="dialog"
      role="alertdialog"
      aria-labelledby="caller"
      dir=${s.$dir}
      @keydown=${this.onKeydown}
    >
      <p id="caller" part="caller" class="caller"><span class="ring" aria-hidden="true">${iconPhone}</span>${caller}</p>
      <div class="actions">
        ${
          call?.media.video !== false
            ? html`<button part="accept-video" class="accept" ?disabled=${this.busy} @click=${() => this.accept(true)}>
              ${iconVideo}<span>${s.acceptVideo}</span>
            </button>`
            : ''
        }
        <button part="accept-audio" class="accept" ?disabled=${this.busy} @click=${() => this.accept(false)}>
          ${iconPhone}<span>${s.acceptAudio}</span>
        </button>
        <button part="decline" class="decline" ?disabled=${this.busy} @click=${this.decline}>
          ${iconHangUp}<span>${s.decline}</span>
        </button>
      </div>
    </div>`;
  }
}
