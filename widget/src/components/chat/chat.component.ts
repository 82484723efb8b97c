import { type ChatMessage, type ConnectionState, CrypTalkClient } from '@cryptalk/sdk';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { chatStyles } from './chat.styles.js';

/**
 * The CrypTalk chat: a launcher bubble that opens a panel with the room's messages and a composer.
 *
 * @summary End-to-end-encrypted chat in one element.
 * @fires cryptalk-open - the panel opened.
 * @fires cryptalk-close - the panel closed.
 * @fires cryptalk-message - a message arrived; `detail` is the message.
 * @csspart launcher - the round button that opens the panel.
 * @csspart panel - the open chat panel.
 * @csspart header - the panel's title bar.
 * @csspart messages - the list of messages.
 * @csspart message - one message bubble.
 * @csspart composer - the text box and send button.
 * @cssproperty [--ct-color-accent=#2454d6] - brand colour of the launcher, header and own messages.
 * @cssproperty [--ct-color-surface=#fff] - panel background.
 * @cssproperty [--ct-radius=12px] - panel corner radius.
 */
export class CryptalkChat extends LitElement {
  static override styles = chatStyles;

  static override properties = {
    relay: { type: String },
    room: { type: String },
    brand: { type: String },
    open: { type: Boolean, reflect: true },
    messages: { state: true },
    connection: { state: true },
    draft: { state: true },
  };

  /** The relay's WebSocket URL. */
  relay = '';
  /** The room to join. */
  room = '';
  /** The name shown in the header. */
  brand = 'Chat';
  /** Whether the panel is open. */
  open = false;

  private messages: ChatMessage[] = [];
  private connection: ConnectionState = 'disconnected';
  private draft = '';
  private client: CrypTalkClient | undefined;
  private joined: Promise<unknown> | undefined;

  /** Opens the panel (and connects on first open). */
  show(): void {
    this.open = true;
  }

  /** Closes the panel. */
  hide(): void {
    this.open = false;
  }

  /** Opens the panel when closed, closes it when open. */
  toggle(): void {
    this.open = !this.open;
  }

  /**
   * Sends a message to the room.
   * @param text - the text to send.
   */
  async send(text: string): Promise<void> {
    await this.ensureJoined();
    const room = this.client && (await this.client.join(this.room));
    await room?.send(text);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.client?.close();
    this.client = undefined;
    this.joined = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open') && changed.get('open') !== undefined) {
      this.dispatchEvent(
        new Event(this.open ? 'cryptalk-open' : 'cryptalk-close', { bubbles: true, composed: true }),
      );
    }
    if (this.open) {
      void this.ensureJoined().catch(() => {});
      if (changed.has('open')) this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    }
    if (changed.has('messages')) {
      const list = this.renderRoot.querySelector('.messages');
      list?.scrollTo({ top: list.scrollHeight });
    }
  }

  private ensureJoined(): Promise<unknown> {
    if (this.joined) return this.joined;
    const client = new CrypTalkClient({ relay: this.relay });
    this.client = client;
    client.on('connection', ({ state }) => {
      this.connection = state;
    });
    client.on('message', (m) => {
      if (m.room !== this.room) return;
      this.messages = [...this.messages, m];
      this.dispatchEvent(new CustomEvent('cryptalk-message', { detail: m, bubbles: true, composed: true }));
    });
    this.joined = client.connect().then(() => client.join(this.room));
    this.joined.catch(() => {
      this.joined = undefined;
    });
    return this.joined;
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const text = this.draft.trim();
    if (!text) return;
    this.draft = '';
    void this.send(text);
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Enter' && !e.shiftKey) this.onSubmit(e);
    if (e.key === 'Escape') this.hide();
  }

  override render() {
    return html`
      <section part="panel" class="panel" role="dialog" aria-label=${this.brand} ?hidden=${!this.open}>
        <div part="header" class="header">${this.brand}</div>
        <ul part="messages" class="messages" aria-live="polite">
          ${repeat(
            this.messages,
            (m) => m.msgId,
            (m) => html`<li part="message" class="message ${m.own ? 'own' : ''}">${m.text}</li>`,
          )}
        </ul>
        ${this.connection === 'connected' ? nothing : html`<div class="status" role="status">${this.connection}</div>`}
        <form part="composer" class="composer" @submit=${this.onSubmit}>
          <textarea
            rows="1"
            aria-label="Message"
            .value=${this.draft}
            @input=${(e: Event) => {
              this.draft = (e.target as HTMLTextAreaElement).value;
            }}
            @keydown=${this.onKeyDown}
          ></textarea>
          <button part="send" class="send" type="submit">Send</button>
        </form>
      </section>
      <button
        part="launcher"
        class="launcher"
        aria-label=${this.open ? 'Close chat' : 'Open chat'}
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => this.toggle()}
      >
        <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cryptalk-chat': CryptalkChat;
  }
}
