import type { AttachmentContent, LinkPreview, Mention, ReactionView } from './messages/index.js';

/** A member of a room as this client knows it. */
export interface MemberInfo {
  /** The member's identity: its Ed25519 identity key, `ed25519:<base64>`. Stable per device. */
  id: string;
  /** The display name from the member's encrypted profile, if it sent one. */
  displayName?: string;
  /** Whether this is this client. */
  self: boolean;
}

/** What a message carries: `text` for {@link Room.send}, `content` for {@link Room.sendContent}. */
export type MessageType = 'text' | 'content';

/** The kind of a shown message: a text, a reply to another message, a file, or opaque application bytes. */
export type MessageKindShown = 'text' | 'reply' | 'attachment' | 'content';

/** A message received in, or sent to, a room. */
export interface ChatMessage {
  /** The room's id. */
  room: string;
  /** The 128-bit message id, base64url. */
  msgId: string;
  /** The message's position in the room's history (assigned by the relay). */
  offset: number;
  /** What the content is. */
  type: MessageType;
  /** The text (`type: 'text'`); empty for opaque content. */
  text: string;
  /** The content bytes exactly as sent (UTF-8 of the text for `type: 'text'`). */
  content: Uint8Array;
  /** When the sender sent it, in ms since the epoch (sender's clock). */
  sentAt: number;
  /** Who sent it (authenticated: the MLS group or the 1:1 ratchet vouches for it). */
  author: MemberInfo;
  /** Whether this client sent it. */
  own: boolean;
  /** `text`, `reply` (see {@link ChatMessage.replyTo}), `attachment` or `content` (opaque bytes). */
  kind: MessageKindShown;
  /** For replies: the id of the message answered. */
  replyTo?: string;
  /** Members mentioned in the text (ranges in UTF-16 code units). */
  mentions: readonly Mention[];
  /** Whether the sender edited it (the text is the latest edit). */
  edited: boolean;
  /** Deleted for everyone by its sender: a tombstone with empty text and no reactions. */
  deleted: boolean;
  /** Reactions by emoji, each with the ids of the members who reacted. */
  reactions: readonly ReactionView[];
  /** When it disappears from this device (disappearing messages), ms since the epoch. */
  expiresAt?: number;
  /** For `kind: 'attachment'`: where the encrypted file is and how to decrypt it. */
  attachment?: AttachmentContent;
  /** The sender's preview of a link in the text (made on the sender's device, never by a server), once it came. */
  preview?: LinkPreview;
}

/**
 * The connection's state: `connected` (online), `connecting`, `reconnecting` (waiting `delayMs` before the next
 * attempt after the connection dropped), `offline` (the platform is offline; retried when it is back) or
 * `disconnected` (by {@link CrypTalkClient.disconnect}, or before the reconnect starts).
 */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A change of the connection's state. */
export interface ConnectionEvent {
  /** The new state. */
  state: ConnectionState;
  /** The WebSocket close code, when it closed. */
  code?: number;
  /** The close reason, if any. */
  reason?: string;
  /** `reconnecting`: the attempt that comes next (1-based count of failures so far). */
  attempt?: number;
  /** `reconnecting`: ms until that attempt. */
  delayMs?: number;
}

/** A change of a room's membership as seen by this client. */
export interface MemberEvent {
  /** The room's id. */
  room: string;
  /** `joined`: added to the group (or the 1:1 peer arrived); `left`: removed; `profile`: new display name. */
  kind: 'joined' | 'left' | 'profile';
  /** The member. */
  member: MemberInfo;
}

/** A change of a room itself. */
export interface RoomEvent {
  /** The room's id. */
  room: string;
  /** `destroyed` by its creator; `removed`: this client was removed from the group. */
  kind: 'destroyed' | 'removed';
}

/**
 * This client is back in a group room after it had missed commits it could no longer fetch (the relay could not
 * resume that far back, or a message came from an epoch it never reached): it dropped its stale group state, asked
 * to be re-added with a fresh key package and a signed rejoin proof, and a member re-added it (removing its stale
 * leaf). Messages sent while it was out, between `fromEpoch` and `epoch`, may be missing from its history for good;
 * the history from before the gap is kept. A `member` `joined` event for this client comes right before it.
 */
export interface RejoinedEvent {
  /** The room's id. */
  room: string;
  /** The last MLS epoch this client had processed before the gap. */
  fromEpoch: number;
  /** The MLS epoch it was re-added at (its messages are readable from here on). */
  epoch: number;
  /** `resume-lost`: the relay no longer had what was missed; `future-epoch`: a message came from a later epoch. */
  reason: 'resume-lost' | 'future-epoch';
}

/** A member edited one of its messages. */
export interface EditEvent {
  /** The room's id. */
  room: string;
  /** The edited message's id. */
  msgId: string;
  /** The message as shown now (the new text, `edited: true`). */
  message: ChatMessage;
  /** Who edited it (always the original sender). */
  author: MemberInfo;
}

/** The sender of a message sent its link preview (it follows the message as a message of its own). */
export interface PreviewEvent {
  /** The room's id. */
  room: string;
  /** The id of the message the preview belongs to. */
  msgId: string;
  /** The preview. */
  preview: LinkPreview;
  /** The message as shown now (with `preview`). */
  message: ChatMessage;
  /** Who sent it (always the message's sender). */
  author: MemberInfo;
}

/** A message was deleted for everyone by its sender, or disappeared (its timer ran out). */
export interface DeleteEvent {
  /** The room's id. */
  room: string;
  /** The deleted message's id. */
  msgId: string;
  /** `deleted` by its sender (the history keeps a tombstone) or `expired` (gone from the history). */
  reason: 'deleted' | 'expired';
  /** Who deleted it (for `deleted`). */
  author?: MemberInfo;
}

/** A member added or removed a reaction. */
export interface ReactionEvent {
  /** The room's id. */
  room: string;
  /** The message reacted to. */
  msgId: string;
  /** The emoji. */
  emoji: string;
  /** Added (true) or removed (false). */
  add: boolean;
  /** Who reacted. */
  author: MemberInfo;
  /** Every reaction on the message now. */
  reactions: readonly ReactionView[];
}

/** A member started or stopped typing (an ephemeral relay signal, never stored). */
export interface TypingEvent {
  /** The room's id. */
  room: string;
  /** Who types. */
  member: MemberInfo;
  /** Typing now (true) or stopped (false). */
  active: boolean;
}

/** A member has read a room up to and including a message (a read receipt). */
export interface ReceiptEvent {
  /** The room's id. */
  room: string;
  /** Who read. */
  member: MemberInfo;
  /** The last message read. */
  upTo: string;
}

/** A member changed the room's disappearing-message timer. */
export interface TimerEvent {
  /** The room's id. */
  room: string;
  /** The new timer in seconds (0: messages stay). */
  seconds: number;
  /** Who set it. */
  author: MemberInfo;
}

/** Every event a {@link CrypTalkClient} emits, with its payload. */
export interface ClientEvents {
  /** Another member's message arrived in a room. This client's own are returned by {@link Room.send} instead. */
  message: ChatMessage;
  /** Another member edited one of its messages. */
  edit: EditEvent;
  /** A message was deleted for everyone by another member, or disappeared here (timer). */
  delete: DeleteEvent;
  /** Another member added or removed a reaction. */
  reaction: ReactionEvent;
  /** Another member sent the link preview of one of its messages. */
  preview: PreviewEvent;
  /** Another member started or stopped typing (only while connected; never stored). */
  typing: TypingEvent;
  /** Another member sent a read receipt. */
  receipt: ReceiptEvent;
  /** Another member changed the room's disappearing-message timer. */
  timer: TimerEvent;
  /** A member joined, left or changed its display name. */
  member: MemberEvent;
  /** A room was destroyed, or this client was removed from it. */
  room: RoomEvent;
  /** This client was re-added to a group room after missing commits; messages in the gap may be missing. */
  rejoined: RejoinedEvent;
  /** The connection changed state. */
  connection: ConnectionEvent;
  /** Something went wrong that no call can report (a relay error frame, an undecryptable message, a listener error). */
  error: Error;
}
