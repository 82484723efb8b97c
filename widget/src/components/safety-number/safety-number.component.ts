import { html, LitElement } from 'lit';
import { CryptalkActionEvent } from '../../events/index.js';
import { LocalizeController } from '../../internal/localize-controller.js';
import { safetyNumberStyles } from './safety-number.styles.js';

/**
 * The safety-number verification screen: 60 digits in 12 groups of 5 to compare with the other person,
 * and a button to mark them verified.
 *
 * @summary Safety-number verification.
 * @fires cryptalk-action - `verify` when the user marks the number verified.
 * @csspart digits - the grid of digit groups.
 * @csspart verify - the "mark as verified" button.
 */
export class CryptalkSafetyNumber extends LitElement {
  static override styles = safetyNumberStyles;

  static override properties = {
    number: { type: String },
    verified: { type: Boolean, reflect: true },
    locale: { type: String },
  };

  /** The safety number: 60 digits. */
  number = '';
  /** Whether the user marked it verified. */
  verified = false;
  /** The locale ('' = the browser's). */
  locale = '';

  private readonly l10n = new LocalizeController(this);

  /** Focuses the button. */
  focusFirst(): void {
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  /** Same as {@link focusFirst}: the screen has one control. */
  focusLast(): void {
    this.focusFirst();
  }

  override render() {
    const { t } = this.l10n;
    const groups = this.number.match(/\d{5}/g) ?? [];
    return html`
      <p>${t.safetyHelp}</p>
      <div part="digits" class="digits" role="group" aria-label=${t.safety}>
        ${groups.map((g) => html`<span>${g}</span>`)}
      </div>
      ${
        this.verified
          ? html`<p class="verified" role="status">✓ ${t.verified}</p>`
          : html`<button part="verify" @click=${() => this.dispatchEvent(new CryptalkActionEvent('verify'))}>
            ${t.markVerified}
          </button>`
      }
    `;
  }
}
