/**
 * `@cryptalk/sdk`: the headless CrypTalk client. Everything is reached through {@link CrypTalkClient}.
 * @module
 */

export type { AttachmentRef, AttachmentSource, TransferProgress } from './attachments/index.js';
export { AttachmentError, type AttachmentErrorCode } from './attachments/index.js';
export { type CreateRoomOptions, CrypTalkClient, type CrypTalkClientOptions } from './client.js';
export type { SafetyNumber } from './crypto/identity/index.js';
export {
  activeCryptoBackend,
  type CryptoBackend,
  type CryptoBackendChoice,
  setCryptoBackend,
} from './crypto/primitives/index.js';
export type { Unsubscribe } from './emitter.js';
export { CLIENT_ERROR_CODES, ClientError, type ClientErrorCode, CrypTalkError } from './errors.js';
export type {
  ChatMessage,
  ClientEvents,
  ConnectionEvent,
  ConnectionState,
  DeleteEvent,
  EditEvent,
  MemberEvent,
  MemberInfo,
  MessageKindShown,
  MessageType,
  PreviewEvent,
  ReactionEvent,
  ReceiptEvent,
  RejoinedEvent,
  RoomEvent,
  TimerEvent,
  TypingEvent,
} from './events.js';
export type {
  AttachmentContent,
  LinkPreview,
  LinkPreviewDraft,
  LinkPreviewFetcher,
  Mention,
  ReactionView,
} from './messages/index.js';
export { MessageError, type MessageErrorCode } from './messages/index.js';
export { randomId } from './protocol/index.js';
export {
  type HistoryPage,
  type Invite,
  type PendingUpload,
  parseInviteLink,
  Room,
  type SendAttachmentOptions,
  type SendOptions,
} from './rooms/index.js';
export type { WebSocketConstructor, WebSocketLike } from './transport/index.js';
