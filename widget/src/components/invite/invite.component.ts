import { html, LitElement, svg } from 'lit';
import { encode } from 'uqr';
import { LocalizeController } from '../../internal/localize-controller.js';
import { inviteStyles } from './invite.styles.js';

/** One SVG path drawing every dark module of a QR code (1 unit per module). */
function qrPath(text: string): { size: number; d: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  let d = '';
  for (const [y, row] of data.entries()) {
    for (const [x, dark] of row.entries()) if (dark) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size, d };
}

/**
 * Invite-link sharing: the link, a copy button, and the link as a QR code.
 *
 * @summary Shares a room's invite link.
 * @csspart qr - the QR code.
 * @csspart link - the read-only link field.
 * @csspart copy - the copy button.
 */
export class CryptalkInvite extends LitElement {
  static override styles = inviteStyles;

  static override properties = {
    link: { type: String },
    locale: { type: String },
    copied: { state: true },
  };

  /** The invite link. */
  link = '';
  /** The locale ('' = the browser's). */
  locale = '';

  private copied = false;
  private readonly l10n = new LocalizeController(this);

  /** Focuses the copy button. */
  focusFirst(): void {
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }

  /** Focuses the last control, for the panel's focus trap. */
  focusLast(): void {
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
    } catch {
      this.renderRoot.querySelector('input')?.select();
    }
    this.copied = true;
  }

  override render() {
    const { t } = this.l10n;
    const qr = this.link ? qrPath(this.link) : undefined;
    return html`
      <p>${t.inviteHelp}</p>
      ${
        qr
          ? html`<svg part="qr" class="qr" role="img" aria-label=${t.qrCode} viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges">
            ${svg`<path d=${qr.d} fill="#000" />`}
          </svg>`
          : ''
      }
      <div class="row">
        <input part="link" readonly aria-label=${t.inviteLink} .value=${this.link} />
        <button part="copy" @click=${this.copy}>${t.copyLink}</button>
      </div>
      <p role="status">${this.copied ? t.copied : ''}</p>
    `;
  }
}
