import { html, LitElement, type PropertyValues, svg } from 'lit';
import { LocalizeController } from '../../internal/localize-controller.js';
import { inviteStyles } from './invite.styles.js';

/** The QR encoder, imported when an invite first shows a link (a lazy chunk beside the UI). */
let qrModule: Promise<typeof import('./qr-path.js')> | undefined;
const loadQr = (): Promise<typeof import('./qr-path.js')> => {
  qrModule ??= import('./qr-path.js');
  qrModule.catch(() => {
    qrModule = undefined; // a failed download is tried again with the next link
  });
  return qrModule;
};

/**
 * Invite-link sharing: the link, a copy button, and the link as a QR code. The QR encoder loads with the first
 * link shown; until then the code's place is kept empty.
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
    qr: { state: true },
  };

  /** The invite link. */
  link = '';
  /** The locale ('' = the browser's). */
  locale = '';

  private copied = false;
  /** The QR code of `link`, once the encoder loaded. */
  private qr: { link: string; size: number; d: string } | undefined;
  private readonly l10n = new LocalizeController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('link') && this.link && this.qr?.link !== this.link) void this.drawQr(this.link);
  }

  private async drawQr(link: string): Promise<void> {
    try {
      const { qrPath } = await loadQr();
      // A link changed meanwhile draws its own code.
      if (link === this.link) this.qr = { link, ...qrPath(link) };
    } catch {
      // The encoder did not load (offline): the link and the copy button still work.
    }
  }

  /** Focuses the first control (the link field), for the panel's focus trap. */
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
    const qr = this.link && this.qr?.link === this.link ? this.qr : undefined;
    return html`
      <p>${t.inviteHelp}</p>
      ${
        qr
          ? html`<svg part="qr" class="qr" role="img" aria-label=${t.qrCode} viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges">
            ${svg`<path d=${qr.d} fill="#000" />`}
          </svg>`
          : this.link
            ? html`<div class="qr" aria-hidden="true"></div>`
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
