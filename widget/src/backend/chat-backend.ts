import type { Off } from '../internal/emitter.js';

/** Where a message the user sent stands. */
export type DeliveryStatus = 'sending' | 'sent' | 'read' | 'failed';

/** A file attached to a message. */
export interface AttachmentInfo {
  /** The file's name (user content: shown as text only). */
  name: string;
  /** Its size in bytes. */
  size: number;
  /** Its media type. */
  type: string;
}

/** One reaction on a message: an emoji, how many people chose it, and whether the user did. */
export interface ReactionSummary {
  emoji: string;
  count: number;
  mine: boolean;
}

/** A message as the UI shows it. Every string is user content and is rendered as text, never as markup. */
export interface ChatItem {
  /** The message id. */
  id: string;
  /** The room's id. */
  room: string;
  /** The sender's display name ('' when unknown). */
  author: string;
  /** Whether the user sent it. */
  own: boolean;
  /** The text ('' once deleted). */
  text: string;
  /** When it was sent, ms since the epoch (sender's clock). */
  sentAt: number;
  /** The message it answers, if any. */
  replyTo?: { id: string; author: string; text: string };
  /** Whether it was edited. */
  edited?: boolean;
  /** Whether it was deleted (it stays as a tombstone). */
  deleted?: boolean;
  /** Reactions, in order of first use. */
  reactions?: ReactionSummary[];
  /** For the user's own messages: delivery and read state. */
  status?: DeliveryStatus;
  /** An attached file, if any. */
  attachment?: AttachmentInfo;
}

/** A room in the inbox. */
export interface RoomSummary {
  /** The room's id. */
  id: string;
  /** Its display name (user content). */
  name: string;
  /** Messages not yet read. */
  unread: number;
  /** The last message's text, if any. */
  lastText?: string;
  /** When the last message was sent. */
  lastAt?: number;
}

/** The connection's state as the UI shows it. */
export type BackendConnectionState = 'disconnected' | 'connecting' | 'connected';

/** Which optional operations a backend offers; the UI hides the rest. */
export interface BackendCapabilities {
  edit: boolean;
  delete: boolean;
  react: boolean;
  typing: boolean;
  receipts: boolean;
  attachments: boolean;
  invites: boolean;
  safetyNumbers: boolean;
  disappearing: boolean;
  rooms: boolean;
}

/** Everything a {@link ChatBackend} emits. */
export interface ChatBackendEvents {
  /** A message arrived or changed (edited, deleted, reacted to, read): replace by `id`. */
  message: ChatItem;
  /** The connection changed state. */
  connection: { state: BackendConnectionState };
  /** Who is typing in a room (display names, the user excluded). */
  typing: { room: string; names: string[] };
  /** The room list changed. */
  rooms: RoomSummary[];
  /** A room's disappearing-message timer changed (seconds, 0 = off). */
  timer: { room: string; seconds: number };
  /** Something failed that no call reports (the UI shows it with a retry action). */
  error: Error;
}

/**
 * The seam between the widget's UI and the SDK: exactly the operations the UI needs. Implemented by
 * {@link ClientBackend} over the SDK's `CrypTalkClient` and by {@link MemoryBackend} for tests and stories.
 * Optional operations throw `WidgetError` `WIDGET_UNSUPPORTED` unless {@link capabilities} lists them.
 */
export interface ChatBackend {
  /** Which optional operations work. */
  readonly capabilities: BackendCapabilities;
  /** The user's own display name. */
  readonly userName: string;
  /** Connects (idempotent). */
  connect(): Promise<void>;
  /**
   * Joins a room.
   * @returns the history the backend already holds, oldest first.
   */
  join(room: string): Promise<ChatItem[]>;
  /** Sends a text message, optionally as a reply. */
  send(room: string, text: string, options?: { replyTo?: string }): Promise<void>;
  /** Replaces the text of one of the user's messages. */
  edit(room: string, id: string, text: string): Promise<void>;
  /** Deletes one of the user's messages for everyone. */
  delete(room: string, id: string): Promise<void>;
  /** Adds the user's reaction, or removes it when already there. */
  react(room: string, id: string, emoji: string): Promise<void>;
  /** Signals that the user is (or stopped) typing. */
  typing(room: string, active: boolean): void;
  /** Marks everything up to `id` read (sends a read receipt). */
  markRead(room: string, id: string): void;
  /** Sends a file, reporting progress from 0 to 1. */
  sendAttachment(room: string, file: File, onProgress: (fraction: number) => void): Promise<void>;
  /** Sets the room's disappearing-message timer in seconds (0 = off). */
  setDisappearing(room: string, seconds: number): Promise<void>;
  /** A link that lets someone join the room. */
  inviteLink(room: string): Promise<string>;
  /** The safety number to compare with the other member(s), 60 digits. */
  safetyNumber(room: string): Promise<string>;
  /** The rooms the user is in. */
  rooms(): RoomSummary[];
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof ChatBackendEvents>(event: K, listener: (payload: ChatBackendEvents[K]) => void): Off;
  /** Disconnects and drops every listener's source. */
  close(): void;
}
