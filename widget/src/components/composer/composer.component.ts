import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { BackendCapabilities, ChatItem } from '../../backend/index.js';
import { CryptalkActionEvent, CryptalkSendEvent } from '../../events/index.js';
import { iconAttach, iconClose, iconSmile } from '../../internal/icons.js';
import { LocalizeController } from '../../internal/localize-controller.js';
import {
  COMPOSER_EMOJI,
  MAX_ATTACHMENT_BYTES,
  MAX_MESSAGE_LENGTH,
  TYPING_THROTTLE_MS,
} from '../../limits.js';
import { composerStyles } from './composer.styles.js';

/** An upload in progress, as the composer shows it. */
export interface UploadProgress {
  id: string;
  name: string;
  /** 0…1 */
  progress: number;
}

/**
 * The message composer: a multi-line text box (Enter sends, Shift+Enter breaks the line), an emoji
 * picker, attachments from a file picker, drag-and-drop or paste, with upload progress; shows what is
 * being replied to or edited.
 *
 * @summary Writes and sends messages.
 * @fires cryptalk-send - the user sends text and/or files.
 * @fires cryptalk-action - `cancel` (reply or edit) and `typing`.
 * @csspart composer - the form.
 * @csspart input - the text box.
 * @csspart send - the send button.
 * @csspart emoji-button - the button that opens the emoji picker.
 * @csspart attach-button - the button that picks files.
 * @csspart banner - the "replying to" / "editing" line.
 * @csspart upload - one upload's progress line.
 */
export class CryptalkComposer extends LitElement {
  static override styles = composerStyles;

  static override properties = {
    locale: { type: String },
    replyTo: { attribute: false },
    editing: { attribute: false },
    uploads: { attribute: false },
    capabilities: { attribute: false },
    disabled: { type: Boolean },
    dragging: { type: Boolean, reflect: true },
    draft: { state: true },
    emojiOpen: { state: true },
    problem: { state: true },
  };

  /** The locale ('' = the browser's). */
  locale = '';
  /** The message being answered. */
  replyTo: ChatItem | null = null;
  /** The user's message being edited. */
  editing: ChatItem | null = null;
  /** Uploads in progress. */
  uploads: UploadProgress[] = [];
  /** What the backend offers. */
  capabilities: Partial<BackendCapabilities> = {};
  /** Disables sending (e.g. offline). */
  disabled = false;
  /** Whether files are dragged over the composer. */
  dragging = false;

  private draft = '';
  private emojiOpen = false;
  private problem = '';
  private lastTyping = 0;
  private readonly l10n = new LocalizeController(this);

  /** Whether a frame has started since the composer was connected (see {@link focusInput}). */
  #framed = false;
  /** The frame that sets {@link #framed}. */
  #frameWatch = 0;
  /** A focus asked for before the first frame, done in that frame. */
  #focusFrame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#framed = false;
    this.#frameWatch = requestAnimationFrame(() => {
      this.#framed = true;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frameWatch);
    this.#cancelFocus();
  }

  /**
   * Focuses the text box. Asked before the composer's first frame (the panel opening), the focus waits for
   * that frame's animation callbacks, before it is painted: focusing forces a style and layout pass, which
   * right after the first render costs a full layout of the panel that the frame then does again (75–190 ms
   * on a loaded machine); in the frame, after every update of the task, the two are one.
   */
  focusInput(): void {
    this.#cancelFocus();
    if (this.#framed) {
      this.renderRoot.querySelector('textarea')?.focus();
      return;
    }
    this.#focusFrame = requestAnimationFrame(() => {
      this.#focusFrame = 0;
      this.renderRoot.querySelector('textarea')?.focus();
    });
  }

  /** Focuses the last control (the send button), for the panel's focus trap. */
  focusLast(): void {
    this.#cancelFocus();
    this.renderRoot.querySelector<HTMLElement>('.send')?.focus();
  }

  #cancelFocus(): void {
    cancelAnimationFrame(this.#focusFrame);
    this.#focusFrame = 0;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('editing') && this.editing) this.draft = this.editing.text;
  }

  protected override updated(changed: PropertyValues): void {
    if ((changed.has('editing') && this.editing) || (changed.has('replyTo') && this.replyTo)) {
      this.focusInput();
    }
  }

  private submit(e?: Event): void {
    e?.preventDefault();
    const text = this.draft.trim();
    if (!text || this.disabled) return;
    if (text.length > MAX_MESSAGE_LENGTH) return;
    this.draft = '';
    this.dispatchEvent(new CryptalkSendEvent(text));
  }

  private addFiles(list: FileList | readonly File[] | null | undefined): void {
    const files = [...(list ?? [])];
    if (!files.length || !this.capabilities.attachments) return;
    const tooBig = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
    this.problem = tooBig ? tooBig.name : '';
    const ok = files.filter((f) => f.size <= MAX_ATTACHMENT_BYTES);
    if (ok.length) this.dispatchEvent(new CryptalkSendEvent('', ok));
  }

  private onInput(e: Event): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
    const now = Date.now();
    if (this.capabilities.typing && now - this.lastTyping > TYPING_THROTTLE_MS) {
      this.lastTyping = now;
      this.dispatchEvent(new CryptalkActionEvent('typing', '', 'on'));
    }
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) this.submit(e);
    if (e.key === 'Escape' && (this.replyTo || this.editing)) {
      e.stopPropagation();
      this.cancel();
    }
  }

  private cancel(): void {
    if (this.editing) this.draft = '';
    this.dispatchEvent(new CryptalkActionEvent('cancel'));
  }

  private insertEmoji(emoji: string): void {
    const area = this.renderRoot.querySelector('textarea');
    const at = area?.selectionStart ?? this.draft.length;
    this.draft = this.draft.slice(0, at) + emoji + this.draft.slice(area?.selectionEnd ?? at);
    this.emojiOpen = false;
    this.focusInput();
  }

  override render() {
    const { t } = this.l10n;
    const caps = this.capabilities;
    const rows = Math.min(6, Math.max(1, this.draft.split('\n').length));
    return html`
      ${
        this.replyTo || this.editing
          ? html`<div part="banner" class="banner">
            <span>${this.editing ? t.editing : t.replyingTo(this.replyTo?.author || t.someone)}</span>
            <button class="icon-button" aria-label=${t.cancel} @click=${this.cancel}>${iconClose}</button>
          </div>`
          : nothing
      }
      ${this.uploads.map(
        (u) => html`<div part="upload" class="upload">
          <span>${u.name}</span>
          <progress max="1" .value=${u.progress} aria-label=${t.uploading(u.name, Math.round(u.progress * 100))}></progress>
        </div>`,
      )}
      ${this.problem ? html`<div class="error" role="alert">${this.problem}: &gt; ${this.l10n.size(MAX_ATTACHMENT_BYTES)}</div>` : nothing}
      ${this.dragging ? html`<div class="drop">${t.dropHere}</div>` : nothing}
      ${
        this.emojiOpen
          ? html`<div class="emoji-grid" role="group" aria-label=${t.emoji}>
            ${COMPOSER_EMOJI.map((e) => html`<button type="button" @click=${() => this.insertEmoji(e)}>${e}</button>`)}
          </div>`
          : nothing
      }
      <form
        part="composer"
        @submit=${this.submit}
        @dragover=${(e: DragEvent) => {
          if (!caps.attachments) return;
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => {
          this.dragging = false;
        }}
        @drop=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = false;
          this.addFiles(e.dataTransfer?.files);
        }}
      >
        <button
          part="emoji-button"
          type="button"
          class="icon-button"
          aria-label=${t.emoji}
          aria-expanded=${this.emojiOpen ? 'true' : 'false'}
          @click=${() => {
            this.emojiOpen = !this.emojiOpen;
          }}
        >
          ${iconSmile}
        </button>
        ${
          caps.attachments
            ? html`<button
              part="attach-button"
              type="button"
              class="icon-button"
              aria-label=${t.attach}
              @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
            >
              ${iconAttach}
            </button>
            <input
              type="file"
              multiple
              hidden
              @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                this.addFiles(input.files);
                input.value = '';
              }}
            />`
            : nothing
        }
        <textarea
          part="input"
          rows=${rows}
          aria-label=${t.messageLabel}
          placeholder=${t.placeholder}
          maxlength=${MAX_MESSAGE_LENGTH}
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeyDown}
          @paste=${(e: ClipboardEvent) => {
            if (e.clipboardData?.files.length && caps.attachments) {
              e.preventDefault();
              this.addFiles(e.clipboardData.files);
            }
          }}
        ></textarea>
        <button part="send" class="send" type="submit" ?disabled=${this.disabled}>
          ${this.editing ? t.save : t.send}
        </button>
      </form>
    `;
  }
}
