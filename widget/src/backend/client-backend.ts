import { CrypTalkClient, type Room } from '@cryptalk/sdk';
import { WidgetError } from '../errors.js';
import { Emitter } from '../internal/emitter.js';
import type {
  BackendCapabilities,
  BackendConnectionState,
  ChatBackend,
  ChatBackendEvents,
  ChatItem,
  RoomSummary,
} from './chat-backend.js';

/** What the SDK skeleton offers today; the rest is wired when the full client lands. */
const CLIENT_CAPABILITIES: BackendCapabilities = {
  edit: false,
  delete: false,
  react: false,
  typing: false,
  receipts: false,
  attachments: false,
  invites: true,
  safetyNumbers: false,
  disappearing: false,
  rooms: false,
};

/** Options of {@link ClientBackend}. */
export interface ClientBackendOptions {
  /** The relay's WebSocket URL. */
  relay: string;
  /** The user's display name. @default 'You' */
  userName?: string;
  /** Base URL of invite links; the room id is appended as `#cryptalk-room=<id>`. @default '' (relative) */
  inviteBase?: string;
}

/**
 * A {@link ChatBackend} over the SDK's `CrypTalkClient`. Today it sends and receives text; the other
 * operations report `WIDGET_UNSUPPORTED` and {@link capabilities} hides them in the UI.
 */
export class ClientBackend extends Emitter<ChatBackendEvents> implements ChatBackend {
  readonly capabilities = CLIENT_CAPABILITIES;
  readonly userName: string;
  private readonly client: CrypTalkClient;
  private readonly joined = new Map<string, Promise<Room>>();
  private connecting: Promise<void> | undefined;

  /** @param options - see {@link ClientBackendOptions}. */
  constructor(private readonly options: ClientBackendOptions) {
    super();
    this.userName = options.userName ?? '';
    this.client = new CrypTalkClient({ relay: options.relay });
    this.client.on('connection', ({ state }) => {
      if (state !== 'connected') {
        this.joined.clear();
        this.connecting = undefined;
      }
      this.emit('connection', { state: state as BackendConnectionState });
    });
    this.client.on('message', (m) => {
      this.emit('message', {
        id: m.msgId,
        room: m.room,
        author: m.own ? this.userName : '',
        own: m.own,
        text: m.text,
        sentAt: m.sentAt,
        ...(m.own ? { status: 'sent' as const } : {}),
      });
    });
    this.client.on('error', (err) => this.emit('error', err));
  }

  connect(): Promise<void> {
    this.connecting ??= this.client.connect().catch((err: unknown) => {
      this.connecting = undefined;
      throw err;
    });
    return this.connecting;
  }

  async join(room: string): Promise<ChatItem[]> {
    await this.room(room);
    return [];
  }

  async send(room: string, text: string): Promise<void> {
    await (await this.room(room)).send(text);
  }

  edit(): Promise<void> {
    return Promise.reject(WidgetError.unsupported('edit'));
  }

  delete(): Promise<void> {
    return Promise.reject(WidgetError.unsupported('delete'));
  }

  react(): Promise<void> {
    return Promise.reject(WidgetError.unsupported('react'));
  }

  typing(): void {}

  markRead(): void {}

  sendAttachment(): Promise<void> {
    return Promise.reject(WidgetError.unsupported('attachments'));
  }

  setDisappearing(): Promise<void> {
    return Promise.reject(WidgetError.unsupported('disappearing messages'));
  }

  async inviteLink(room: string): Promise<string> {
    return `${this.options.inviteBase ?? ''}#cryptalk-room=${encodeURIComponent(room)}`;
  }

  safetyNumber(): Promise<string> {
    return Promise.reject(WidgetError.unsupported('safety numbers'));
  }

  rooms(): RoomSummary[] {
    return [...this.joined.keys()].map((id) => ({ id, name: id, unread: 0 }));
  }

  close(): void {
    this.client.close();
  }

  private room(room: string): Promise<Room> {
    let joined = this.joined.get(room);
    if (!joined) {
      joined = this.connect().then(() => this.client.join(room));
      joined.catch(() => this.joined.delete(room));
      this.joined.set(room, joined);
    }
    return joined;
  }
}
