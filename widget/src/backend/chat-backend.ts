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
  /**
   * The backend carries a call environment ({@link ChatBackend.callRoom} and the other `call*` members), so
   * the calls chunk can run calls on the page's thread (`enableBackendCalls`). Absent: no calls.
   */
  calls?: boolean;
}

/** What the page needs to know of a room to run its calls: its own member id and how media keys work. */
export interface CallRoomInfo {
  /** The user's member id in the room (call signals are addressed by member id). */
  selfId: string;
  /** 1:1 rooms: media keys come from a per-call secret carried in the encrypted ring, not a group secret. */
  perCallSecret: boolean;
  /** How many other members the room has now (a caller's ring ends as declined once all of them declined). */
  otherMembers?: number;
}

/** Which call credential to fetch from the relay. */
export type CallCredentialKind = 'turn' | 'livekit';

/** One TURN/STUN server as plain data (an `RTCIceServer`). */
export interface WireIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Call credentials as plain data: TURN servers, or a LiveKit grant. */
export type CallCredentialsAnswer =
  | { iceServers: WireIceServer[] }
  | { url: string; token: string; identity: string };

/** A decrypted call signal of another member (ephemeral, never stored), for the page's call manager. */
export interface CallSignalEvent {
  /** The widget's room. */
  room: string;
  /** The sender's member id (authenticated by the room's encryption). */
  from: string;
  /** The signal text (the SDK's call signal format). */
  payload: string;
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
  /** A call signal arrived (backends with `capabilities.calls`). */
  callSignal: CallSignalEvent;
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
  /**
   * Optional (`capabilities.calls`): joins the room if needed and tells the page what its calls need.
   * From then on the room's call signals arrive as `callSignal` events.
   */
  callRoom?(room: string): Promise<CallRoomInfo>;
  /** Optional: sends a call signal to the room's other members (end-to-end encrypted, ephemeral). */
  callSignal?(room: string, payload: string): void;
  /** Optional: TURN credentials or a LiveKit token for the room, from the relay (proven membership). */
  callCredentials?(room: string, kind: CallCredentialKind): Promise<CallCredentialsAnswer>;
  /**
   * Optional: the room's current call media secret (group rooms: an MLS exporter secret of the current
   * epoch, derived for calls only — never the group state); it changes when a member is removed.
   */
  callMediaSecret?(room: string): Promise<Uint8Array>;
}
