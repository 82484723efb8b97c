import { html, LitElement, nothing } from 'lit';
import type { RoomSummary } from '../../backend/index.js';
import { CryptalkActionEvent } from '../../events/index.js';
import { LocalizeController } from '../../internal/localize-controller.js';
import { roomListStyles } from './room-list.styles.js';

/**
 * The inbox: the user's rooms with their last message and unread count.
 *
 * @summary Room list / inbox.
 * @fires cryptalk-action - `select-room` with the room's id.
 * @csspart rooms - the list.
 * @csspart room - one room's button.
 * @csspart badge - a room's unread count.
 */
export class CryptalkRoomList extends LitElement {
  static override styles = roomListStyles;

  static override properties = {
    rooms: { attribute: false },
    locale: { type: String },
  };

  /** The rooms. */
  rooms: RoomSummary[] = [];
  /** The locale ('' = the browser's). */
  locale = '';

  private readonly l10n = new LocalizeController(this);

  /** Focuses the first room. */
  focusFirst(): void {
    this.renderRoot.querySelector<HTMLElement>('.room')?.focus();
  }

  /** Focuses the last room, for the panel's focus trap. */
  focusLast(): void {
    const rooms = this.renderRoot.querySelectorAll<HTMLElement>('.room');
    rooms[rooms.length - 1]?.focus();
  }

  override render() {
    const { t } = this.l10n;
    if (!this.rooms.length) return html`<p class="empty">${t.noRooms}</p>`;
    return html`<ul part="rooms" aria-label=${t.inbox}>
      ${this.rooms.map(
        (r) => html`<li>
          <button
            part="room"
            class="room"
            @click=${() => this.dispatchEvent(new CryptalkActionEvent('select-room', r.id))}
          >
            <span class="name">${r.name}</span>
            ${r.unread ? html`<span part="badge" class="badge" aria-label=${t.unread(r.unread)}>${r.unread}</span>` : nothing}
            <span class="last">${r.lastText ?? ''}</span>
          </button>
        </li>`,
      )}
    </ul>`;
  }
}
