import { WidgetError } from '../errors.js';
import { Emitter } from '../internal/emitter.js';
import type {
  AttachmentInfo,
  BackendCapabilities,
  ChatBackend,
  ChatBackendEvents,
  ChatItem,
  RoomSummary,
} from './chat-backend.js';

interface StoredMessage {
  id: string;
  room: string;
  author: string;
  text: string;
  sentAt: number;
  replyTo?: string;
  edited: boolean;
  deleted: boolean;
  reactions: Map<string, Set<string>>;
  readBy: Set<string>;
  attachment?: AttachmentInfo;
}

interface StoredRoom {
  id: string;
  name: string;
  messages: StoredMessage[];
  byId: Map<string, StoredMessage>;
  timer: number;
}

const ALL: BackendCapabilities = {
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
};

let counter = 0;
const nextId = (): string => `m${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * The in-memory "relay" that {@link MemoryBackend}s share: every backend on one hub sees the others'
 * messages. For tests, stories, examples and benchmarks; it encrypts nothing.
 */
export class MemoryHub {
  /** @internal */
  readonly rooms = new Map<string, StoredRoom>();
  /** @internal */
  readonly members = new Set<MemoryBackend>();
  /** When false, `connect()` fails and sends fail: the "offline" state. */
  online = true;

  /**
   * Adds messages to a room without sending them (history), e.g. 10,000 for the virtual list.
   * @param room - the room's id.
   * @param messages - author, text and optional sentAt of each message, oldest first.
   */
  seed(room: string, messages: Array<{ author: string; text: string; sentAt?: number }>): void {
    const r = this.room(room);
    const now = Date.now();
    messages.forEach((m, i) => {
      const stored: StoredMessage = {
        id: nextId(),
        room,
        author: m.author,
        text: m.text,
        sentAt: m.sentAt ?? now - (messages.length - i) * 60_000,
        edited: false,
        deleted: false,
        reactions: new Map(),
        readBy: new Set([m.author]),
      };
      r.messages.push(stored);
      r.byId.set(stored.id, stored);
    });
  }

  /**
   * Names a room (as the inbox shows it).
   * @param room - the room's id.
   * @param name - its display name.
   */
  nameRoom(room: string, name: string): void {
    this.room(room).name = name;
  }

  /** @internal */
  room(id: string): StoredRoom {
    let r = this.rooms.get(id);
    if (!r) {
      r = { id, name: id, messages: [], byId: new Map(), timer: 0 };
      this.rooms.set(id, r);
    }
    return r;
  }
}

/** Options of {@link MemoryBackend}. */
export interface MemoryBackendOptions {
  /** The hub to share with other backends. @default a new hub */
  hub?: MemoryHub;
  /** The user's display name. @default 'You' */
  userName?: string;
  /** Simulated delay of every operation, in ms. @default 0 */
  latencyMs?: number;
  /** Turns capabilities off, to show the UI a backend with fewer features gets. */
  capabilities?: Partial<BackendCapabilities>;
}

/**
 * A {@link ChatBackend} in memory, with every optional feature: the fake the component tests, stories,
 * React/Vue examples and benchmarks use until the SDK client offers them.
 */
export class MemoryBackend extends Emitter<ChatBackendEvents> implements ChatBackend {
  readonly capabilities: BackendCapabilities;
  readonly userName: string;
  readonly hub: MemoryHub;
  private readonly latency: number;
  private readonly joinedRooms = new Set<string>();
  private readonly lastRead = new Map<string, string>();
  private connected = false;

  /** @param options - see {@link MemoryBackendOptions}. */
  constructor(options: MemoryBackendOptions = {}) {
    super();
    this.hub = options.hub ?? new MemoryHub();
    this.userName = options.userName ?? 'You';
    this.latency = options.latencyMs ?? 0;
    this.capabilities = { ...ALL, ...options.capabilities };
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    this.emit('connection', { state: 'connecting' });
    await this.delay();
    if (!this.hub.online) {
      this.emit('connection', { state: 'disconnected' });
      throw new Error('the in-memory hub is offline');
    }
    this.connected = true;
    this.hub.members.add(this);
    this.emit('connection', { state: 'connected' });
  }

  /** Simulates losing the connection (the UI shows "offline" and a retry action). */
  disconnect(): void {
    this.connected = false;
    this.hub.members.delete(this);
    this.emit('connection', { state: 'disconnected' });
  }

  async join(room: string): Promise<ChatItem[]> {
    await this.connect();
    this.joinedRooms.add(room);
    const r = this.hub.room(room);
    this.emit('rooms', this.rooms());
    return r.messages.map((m) => this.view(m));
  }

  async send(room: string, text: string, options: { replyTo?: string } = {}): Promise<void> {
    await this.post(room, { text, ...(options.replyTo ? { replyTo: options.replyTo } : {}) });
  }

  async edit(room: string, id: string, text: string): Promise<void> {
    this.require('edit');
    await this.change(room, id, (m) => {
      if (m.author !== this.userName) throw new TypeError('only your own messages can be edited');
      m.text = text;
      m.edited = true;
    });
  }

  async delete(room: string, id: string): Promise<void> {
    this.require('delete');
    await this.change(room, id, (m) => {
      if (m.author !== this.userName) throw new TypeError('only your own messages can be deleted');
      m.text = '';
      m.deleted = true;
      delete m.attachment;
    });
  }

  async react(room: string, id: string, emoji: string): Promise<void> {
    this.require('react');
    await this.change(room, id, (m) => {
      const who = m.reactions.get(emoji) ?? new Set<string>();
      if (who.has(this.userName)) who.delete(this.userName);
      else who.add(this.userName);
      if (who.size) m.reactions.set(emoji, who);
      else m.reactions.delete(emoji);
    });
  }

  typing(room: string, active: boolean): void {
    if (!this.capabilities.typing || !this.connected) return;
    for (const b of this.hub.members) {
      if (b !== this && b.joinedRooms.has(room)) b.typingFrom(room, this.userName, active);
    }
  }

  markRead(room: string, id: string): void {
    if (!this.connected) return;
    this.lastRead.set(room, id);
    const r = this.hub.room(room);
    const upTo = r.messages.findIndex((m) => m.id === id);
    const changed: StoredMessage[] = [];
    for (let i = upTo; i >= 0; i--) {
      const m = r.messages[i];
      if (!m || m.readBy.has(this.userName)) break;
      m.readBy.add(this.userName);
      changed.push(m);
    }
    for (const m of changed) this.broadcast(m);
    this.emit('rooms', this.rooms());
  }

  async sendAttachment(room: string, file: File, onProgress: (fraction: number) => void): Promise<void> {
    this.require('attachments');
    const steps = 4;
    for (let i = 1; i <= steps; i++) {
      await this.delay(Math.max(this.latency, 20));
      onProgress(i / steps);
    }
    await this.post(room, { text: '', attachment: { name: file.name, size: file.size, type: file.type } });
  }

  async setDisappearing(room: string, seconds: number): Promise<void> {
    this.require('disappearing');
    await this.delay();
    this.hub.room(room).timer = seconds;
    for (const b of this.hub.members) if (b.joinedRooms.has(room)) b.emit('timer', { room, seconds });
  }

  async inviteLink(room: string): Promise<string> {
    this.require('invites');
    return `https://chat.example/join#room=${encodeURIComponent(room)}`;
  }

  /**
   * A stand-in safety number (60 digits) derived from the room's member names with SHA-256. It proves
   * nothing: the real one comes from the SDK's identity keys.
   */
  async safetyNumber(room: string): Promise<string> {
    this.require('safetyNumbers');
    const names = [...this.hub.members]
      .filter((b) => b.joinedRooms.has(room))
      .map((b) => b.userName)
      .sort();
    const bytes = new Uint8Array(
      await crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode(`fake-safety-number|${names.join('|')}`),
      ),
    );
    let digits = '';
    for (let i = 0; digits.length < 60; i = (i + 2) % bytes.length) {
      digits += String(((bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0)) % 100_000).padStart(5, '0');
    }
    return digits.slice(0, 60);
  }

  rooms(): RoomSummary[] {
    return [...this.joinedRooms].map((id) => {
      const r = this.hub.room(id);
      const last = r.messages.at(-1);
      const unread = r.messages.filter((m) => m.author !== this.userName && !m.readBy.has(this.userName));
      return {
        id,
        name: r.name,
        unread: unread.length,
        ...(last ? { lastText: last.text || last.attachment?.name || '', lastAt: last.sentAt } : {}),
      };
    });
  }

  close(): void {
    this.disconnect();
  }

  private async post(room: string, body: { text: string; replyTo?: string; attachment?: AttachmentInfo }) {
    await this.delay();
    if (!this.connected || !this.hub.online) throw new Error('not connected');
    const r = this.hub.room(room);
    const m: StoredMessage = {
      id: nextId(),
      room,
      author: this.userName,
      text: body.text,
      sentAt: Date.now(),
      edited: false,
      deleted: false,
      reactions: new Map(),
      readBy: new Set([this.userName]),
      ...(body.replyTo ? { replyTo: body.replyTo } : {}),
      ...(body.attachment ? { attachment: body.attachment } : {}),
    };
    r.messages.push(m);
    r.byId.set(m.id, m);
    this.typing(room, false);
    this.broadcast(m);
  }

  private async change(room: string, id: string, fn: (m: StoredMessage) => void): Promise<void> {
    await this.delay();
    const m = this.hub.room(room).byId.get(id);
    if (!m) throw new RangeError('no such message');
    fn(m);
    this.broadcast(m);
  }

  private broadcast(m: StoredMessage): void {
    for (const b of this.hub.members) {
      if (b.joinedRooms.has(m.room)) {
        b.emit('message', b.view(m));
        b.emit('rooms', b.rooms());
      }
    }
  }

  private typingFrom(room: string, name: string, active: boolean): void {
    const names = (this.typers.get(room) ?? new Set<string>()).add(name);
    if (!active) names.delete(name);
    this.typers.set(room, names);
    this.emit('typing', { room, names: [...names] });
  }

  private readonly typers = new Map<string, Set<string>>();

  private view(m: StoredMessage): ChatItem {
    const own = m.author === this.userName;
    const r = this.hub.room(m.room);
    const replied = m.replyTo ? r.byId.get(m.replyTo) : undefined;
    return {
      id: m.id,
      room: m.room,
      author: m.author,
      own,
      text: m.text,
      sentAt: m.sentAt,
      ...(replied ? { replyTo: { id: replied.id, author: replied.author, text: replied.text } } : {}),
      ...(m.edited ? { edited: true } : {}),
      ...(m.deleted ? { deleted: true } : {}),
      ...(m.reactions.size
        ? {
            reactions: [...m.reactions].map(([emoji, who]) => ({
              emoji,
              count: who.size,
              mine: who.has(this.userName),
            })),
          }
        : {}),
      ...(own ? { status: m.readBy.size > 1 ? ('read' as const) : ('sent' as const) } : {}),
      ...(m.attachment ? { attachment: m.attachment } : {}),
    };
  }

  private require(capability: keyof BackendCapabilities): void {
    if (!this.capabilities[capability]) throw WidgetError.unsupported(capability);
  }

  private delay(ms = this.latency): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
