import { html, LitElement } from 'lit';
import { callStringsFor } from '../../../calls/call-strings-for.js';
import { iconPhone, iconVideo } from '../call-icons.js';
import { CryptalkCallStartEvent } from '../call-start-event.js';
import { callButtonStyles } from './call-button.styles.js';

/**
 * A button that starts a voice or video call in the current room. It only asks: the element that owns the
 * room listens for `cryptalk-call-start` and starts the call.
 *
 * @summary Starts a voice or video call.
 * @fires cryptalk-call-start - the user asked for a call; `video` tells which kind.
 * @csspart button - the button.
 * @cssproperty [--ct-call-button-size=36px] - the button's width and height.
 */
export class CryptalkCallButton extends LitElement {
  static override styles = callButtonStyles;

  static override properties = {
    video: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    locale: { type: String },
  };

  /** Starts a video call (camera on) instead of a voice call. */
  video = false;
  /** Disables the button (e.g. while a call is on). */
  disabled = false;
  /** The locale ('' = the browser's). */
  locale = '';

  /** Focuses the button. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('button')?.focus(options);
  }

  private start(): void {
    this.dispatchEvent(new CryptalkCallStartEvent(this.video));
  }

  override render() {
    const s = callStringsFor(this.locale);
    const label = this.video ? s.startVideoCall : s.startAudioCall;
    return html`<button
      part="button"
      class="icon-button"
      aria-label=${label}
      title=${label}
      ?disabled=${this.disabled}
      @click=${this.start}
    >
      ${this.video ? iconVideo : iconPhone}
    </button>`;
  }
}
