import { type ChatMessage, type ConnectionState, CrypTalkClient, type Room } from '@cryptalk/sdk';
import { WidgetError } from '../errors.js';
import { Emitter } from '../internal/emitter.js';
import type { PersistMode } from '../placement/placement.js';
import type {
  BackendCapabilities,
  BackendConnectionState,
  CallCredentialKind,
  CallCredentialsAnswer,
  CallRoomInfo,
  ChatBackend,
  ChatBackendEvents,
  ChatItem,
  RoomSummary,
} from './chat-backend.js';
import { type DeviceStore, openDeviceStore } from './device-store.js';

/** What the SDK client offers. */
const CLIENT_CAPABILITIES: BackendCapabilities = {
  edit: true,
  delete: true,
  react: true,
  typing: true,
  receipts: true,
  attachments: true,
  invites: true,
  safetyNumbers: true,
  disappearing: true,
  rooms: true,
  calls: true,
};

/** A typing indicator disappears after this long without a new signal, in ms. */
const TYPING_TIMEOUT_MS = 6000;

/** The SDK's connection states as the UI shows them. */
const CONNECTION_STATES: { readonly [S in ConnectionState]: BackendConnectionState } = {
  connected: 'connected',
  connecting: 'connecting',
  reconnecting: 'connecting',
  offline: 'disconnected',
  disconnected: 'disconnected',
};

/** Options of {@link ClientBackend}. */
export interface ClientBackendOptions {
  /** The relay's WebSocket URL. */
  relay: string;
  /** The user's display name (sent to rooms in an encrypted profile). @default '' (none) */
  userName?: string;
  /** Base URL of invite links; the joining secret goes in the fragment. @default the relay's host, `/join` */
  inviteBase?: string;
  /**
   * `device`: keep the identity, rooms and history in the relay's encrypted IndexedDB store (device key;
   * memory where there is none, see `openDeviceStore`); `none`: memory only. @default 'device'
   */
  persist?: PersistMode;
}

/** An invite link or its fragment (`…#ct1.…`). */
const INVITE = /(^|#)ct1\./;

/**
 * A {@link ChatBackend} over the SDK's `CrypTalkClient`: end-to-end-encrypted group (MLS) and 1:1 rooms with
 * replies, edits, deletes, reactions, typing, read receipts and disappearing messages. The widget's `room` is
 * either an invite link (joined) or a local name (a new group room is created under it; others join through its
 * invite link). Attachments are encrypted in chunks and uploaded to the relay's blob store.
 */
export class ClientBackend extends Emitter<ChatBackendEvents> implements ChatBackend {
  readonly capabilities = CLIENT_CAPABILITIES;
  readonly userName: string;
  private client: Promise<CrypTalkClient> | undefined;
  private readonly joined = new Map<string, Promise<Room>>();
  /** The widget's room key of each SDK room id. */
  private readonly keys = new Map<string, string>();
  /** Who types, by SDK room id: member id → display name and the timer that clears it. */
  private readonly typists = new Map<
    string,
    Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>
  >();
  /** The highest offset another member has read, by SDK room id. */
  private readonly readUpTo = new Map<string, number>();

  /** @param options - see {@link ClientBackendOptions}. */
  constructor(private readonly options: ClientBackendOptions) {
    super();
    this.userName = options.userName ?? '';
  }

  connect(): Promise<void> {
    this.client ??= this.openClient().then(
      (client) => {
        this.resolved = client;
        client.on('connection', ({ state }) => this.emit('connection', { state: CONNECTION_STATES[state] }));
        client.on('message', (m) => {
          this.stopTyping(m.room, m.author.id);
          this.emit('message', this.item(m));
        });
        client.on('edit', (e) => this.emit('message', this.item(e.message)));
        client.on('delete', (e) => this.refresh(e.room, e.msgId, true));
        client.on('reaction', (e) => this.refresh(e.room, e.msgId));
        client.on('typing', (e) => this.onTyping(e.room, e.member.id, e.member.displayName ?? '', e.active));
        client.on('receipt', (e) => this.onReceipt(e.room, e.upTo));
        client.on('timer', (e) => this.emit('timer', { room: this.key(e.room), seconds: e.seconds }));
        client.on('error', (err) => this.emit('error', err));
        this.emit('connection', { state: 'connected' });
        return client;
      },
      (err: unknown) => {
        this.client = undefined;
        throw err;
      },
    );
    return this.client.then(() => undefined);
  }

  async join(room: string): Promise<ChatItem[]> {
    const r = await this.room(room);
    const page = await r.history({ limit: 50 });
    return page.messages.reverse().map((m) => this.item(m));
  }

  async send(room: string, text: string, options: { replyTo?: string } = {}): Promise<void> {
    // The SDK returns (rather than emits) this client's own messages.
    const r = await this.room(room);
    const sent = await r.send(text, options.replyTo === undefined ? {} : { replyTo: options.replyTo });
    this.emit('message', this.item(sent));
  }

  async edit(room: string, id: string, text: string): Promise<void> {
    this.emit('message', this.item(await (await this.room(room)).edit(id, text)));
  }

  async delete(room: string, id: string): Promise<void> {
    const r = await this.room(room);
    await r.delete(id);
    this.refresh(r.id, id, true);
  }

  async react(room: string, id: string, emoji: string): Promise<void> {
    const r = await this.room(room);
    const me = (await this.client)?.id;
    const mine = r
      .message(id)
      ?.reactions.some((x) => x.emoji === emoji && me !== undefined && x.members.includes(me));
    await r.react(id, emoji, !mine);
    this.refresh(r.id, id);
  }

  typing(room: string, active: boolean): void {
    void this.room(room)
      .then((r) => r.typing(active))
      .catch(() => undefined); // typing is best effort
  }

  markRead(room: string, id: string): void {
    void this.room(room)
      .then((r) => r.markRead(id))
      .catch(() => undefined); // a receipt is best effort (e.g. a 1:1 room before the peer joined)
  }

  async sendAttachment(room: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
    const r = await this.room(room);
    const sent = await r.sendAttachment(file, {
      onProgress: (p) => onProgress(p.total === 0 ? 1 : p.bytes / p.total),
    });
    this.emit('message', this.item(sent));
  }

  async setDisappearing(room: string, seconds: number): Promise<void> {
    const r = await this.room(room);
    await r.setDisappearing(seconds);
    this.emit('timer', { room, seconds });
  }

  async inviteLink(room: string): Promise<string> {
    return (await this.room(room)).invite();
  }

  async safetyNumber(room: string): Promise<string> {
    const r = await this.room(room);
    const other = r.members().find((m) => !m.self);
    if (!other) throw WidgetError.unsupported('safety numbers before anyone else joined');
    return r.safetyNumber(other.id).display;
  }

  rooms(): RoomSummary[] {
    const out: RoomSummary[] = [];
    for (const key of this.joined.keys()) {
      const id = [...this.keys].find(([, k]) => k === key)?.[0];
      const summary: RoomSummary = { id: key, name: key, unread: 0 };
      const room = id === undefined ? undefined : this.sdkRoom(id);
      if (room?.name) summary.name = room.name;
      out.push(summary);
    }
    return out;
  }

  close(): void {
    for (const list of this.typists.values()) for (const t of list.values()) clearTimeout(t.timer);
    this.typists.clear();
    void this.client
      ?.then((c) => c.close())
      .catch(() => undefined)
      .then(() => this.releaseStore());
  }

  /** Opens the client on the device store (`persist="device"`, where there is one) or in memory. */
  private async openClient(): Promise<CrypTalkClient> {
    const held = await this.openStore();
    try {
      return await CrypTalkClient.open({
        relay: this.options.relay,
        ...(held ? { store: held.store } : {}),
        ...(this.userName ? { displayName: this.userName } : {}),
        ...(this.options.inviteBase ? { inviteBase: this.options.inviteBase } : {}),
      });
    } catch (err) {
      await this.releaseStore();
      throw err;
    }
  }

  /** The device store this backend holds, if any (opened on first `connect`). */
  private deviceStore: Promise<DeviceStore | undefined> | undefined;

  private openStore(): Promise<DeviceStore | undefined> {
    this.deviceStore ??=
      this.options.persist === 'none' ? Promise.resolve(undefined) : openDeviceStore(this.options.relay);
    return this.deviceStore;
  }

  private async releaseStore(): Promise<void> {
    const held = await this.deviceStore;
    this.deviceStore = undefined;
    await held?.release();
  }

  private key(sdkRoomId: string): string {
    return this.keys.get(sdkRoomId) ?? sdkRoomId;
  }

  private sdkRoom(sdkRoomId: string): Room | undefined {
    return this.resolved?.room(sdkRoomId);
  }

  private resolved: CrypTalkClient | undefined;

  /** Emits the current view of a message (after a delete, a reaction, a receipt). */
  private refresh(sdkRoomId: string, msgId: string, deleted = false): void {
    const m = this.sdkRoom(sdkRoomId)?.message(msgId);
    if (m) {
      this.emit('message', this.item(m));
      return;
    }
    if (!deleted) return;
    // gone (expired): shown as a tombstone
    this.emit('message', {
      id: msgId,
      room: this.key(sdkRoomId),
      author: '',
      own: false,
      text: '',
      sentAt: 0,
      deleted: true,
    });
  }

  private onTyping(sdkRoomId: string, member: string, name: string, active: boolean): void {
    if (!active) {
      this.stopTyping(sdkRoomId, member);
      return;
    }
    let list = this.typists.get(sdkRoomId);
    if (!list) {
      list = new Map();
      this.typists.set(sdkRoomId, list);
    }
    const previous = list.get(member);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.stopTyping(sdkRoomId, member), TYPING_TIMEOUT_MS);
    list.set(member, { name, timer });
    this.emitTyping(sdkRoomId);
  }

  private stopTyping(sdkRoomId: string, member: string): void {
    const list = this.typists.get(sdkRoomId);
    const entry = list?.get(member);
    if (!list || !entry) return;
    clearTimeout(entry.timer);
    list.delete(member);
    this.emitTyping(sdkRoomId);
  }

  private emitTyping(sdkRoomId: string): void {
    const names = [...(this.typists.get(sdkRoomId)?.values() ?? [])].map((t) => t.name);
    this.emit('typing', { room: this.key(sdkRoomId), names });
  }

  /** Another member read up to a message: the user's own messages up to it show as read. */
  private onReceipt(sdkRoomId: string, upTo: string): void {
    const room = this.sdkRoom(sdkRoomId);
    const offset = room?.message(upTo)?.offset;
    if (!room || offset === undefined || offset < 0) return;
    const before = this.readUpTo.get(sdkRoomId) ?? -1;
    if (offset <= before) return;
    this.readUpTo.set(sdkRoomId, offset);
    void room.history({ limit: 50 }).then((page) => {
      for (const m of page.messages) {
        if (m.own && m.offset > before && m.offset <= offset) this.emit('message', this.item(m));
      }
    });
  }

  private item(m: ChatMessage): ChatItem {
    const me = this.resolved?.id;
    const item: ChatItem = {
      id: m.msgId,
      room: this.key(m.room),
      author: m.own ? this.userName : (m.author.displayName ?? ''),
      own: m.own,
      text: m.text,
      sentAt: m.sentAt,
    };
    if (m.edited) item.edited = true;
    if (m.attachment && !m.deleted) {
      item.attachment = { name: m.attachment.name, size: m.attachment.size, type: m.attachment.mime };
    }
    if (m.deleted) item.deleted = true;
    if (m.reactions.length > 0) {
      item.reactions = m.reactions.map((r) => ({
        emoji: r.emoji,
        count: r.members.length,
        mine: me !== undefined && r.members.includes(me),
      }));
    }
    if (m.replyTo !== undefined) {
      const target = this.sdkRoom(m.room)?.message(m.replyTo);
      item.replyTo = {
        id: m.replyTo,
        author: target ? (target.own ? this.userName : (target.author.displayName ?? '')) : '',
        text: target?.text ?? '',
      };
    }
    if (m.own) {
      const read = this.readUpTo.get(m.room);
      item.status = m.offset < 0 ? 'sending' : read !== undefined && m.offset <= read ? 'read' : 'sent';
    }
    return item;
  }

  async callRoom(room: string): Promise<CallRoomInfo> {
    const env = (await this.room(room)).callEnvironment();
    return { selfId: env.signals.selfId, perCallSecret: env.perCallSecret, otherMembers: env.otherMembers() };
  }

  callSignal(room: string, payload: string): void {
    void this.room(room)
      .then((r) => r.callEnvironment().signals.send(payload))
      .catch(() => undefined); // signalling is ephemeral: a lost signal is lost
  }

  async callCredentials(room: string, kind: CallCredentialKind): Promise<CallCredentialsAnswer> {
    const env = (await this.room(room)).callEnvironment();
    if (kind === 'livekit') {
      const { url, token, identity } = await env.credentials.liveKitToken();
      return { url, token, identity };
    }
    const { iceServers } = await env.credentials.turn();
    return {
      iceServers: iceServers.map((s) => ({
        urls: s.urls,
        ...(s.username === undefined ? {} : { username: s.username }),
        ...(s.credential === undefined ? {} : { credential: s.credential }),
      })),
    };
  }

  async callMediaSecret(room: string): Promise<Uint8Array> {
    return (await this.room(room)).callEnvironment().groupSecret();
  }

  /** Forwards the room's decrypted call signals to the page (where the call manager runs). */
  private forwardCallSignals(r: Room, room: string): void {
    r.callEnvironment().signals.onSignal((from, payload) => this.emit('callSignal', { room, from, payload }));
  }

  private room(room: string): Promise<Room> {
    let joined = this.joined.get(room);
    if (!joined) {
      joined = this.connect()
        .then(() => this.client as Promise<CrypTalkClient>)
        .then((c) =>
          INVITE.test(room)
            ? c.joinByLink(room)
            : // A room restored from the store keeps its local name: reuse it rather than make another.
              (c.rooms().find((r) => r.name === room) ?? c.createRoom({ name: room })),
        )
        .then((r) => {
          this.keys.set(r.id, room);
          this.forwardCallSignals(r, room);
          return r;
        });
      joined.catch(() => this.joined.delete(room));
      this.joined.set(room, joined);
    }
    return joined;
  }
}
