/**
 * Messages: the plaintext content model that goes inside the end-to-end encryption (a versioned binary codec
 * with strict decoding), the `MessageLog` reducer (edits, deletes, reactions, receipts, profiles, timers),
 * disappearing-message expiry, and sender-side link previews.
 *
 * @module
 */
export { expiryOf, isExpired, nextExpiry, purgeExpired } from './disappearing.js';
export { MESSAGE_ERROR_CODES, MessageError, type MessageErrorCode } from './errors.js';
export {
  LOG_DEFAULT_MAX_MESSAGES,
  LOG_DEFAULT_MAX_ORPHANS,
  MSG_HASH_BYTES,
  MSG_ID_BYTES,
  MSG_MAX_ATTACHMENT_BYTES,
  MSG_MAX_BLOB_ID_BYTES,
  MSG_MAX_BYTES,
  MSG_MAX_CHUNK_BYTES,
  MSG_MAX_DESCRIPTION_BYTES,
  MSG_MAX_DISPLAY_NAME_BYTES,
  MSG_MAX_EMOJI_BYTES,
  MSG_MAX_FILE_NAME_BYTES,
  MSG_MAX_MEMBER_ID_BYTES,
  MSG_MAX_MENTIONS,
  MSG_MAX_MIME_BYTES,
  MSG_MAX_TEXT_BYTES,
  MSG_MAX_TIMER_SECONDS,
  MSG_MAX_TITLE_BYTES,
  MSG_MAX_URL_BYTES,
  PREVIEW_FETCH_TIMEOUT_MS,
  PREVIEW_MAX_DESCRIPTION_CHARS,
  PREVIEW_MAX_HTML_CHARS,
  PREVIEW_MAX_IMAGE_BYTES,
  PREVIEW_MAX_TITLE_CHARS,
} from './limits.js';
export { type LinkPreviewDraft, makeLinkPreview } from './link-preview.js';
export { previewContent } from './link-preview-content.js';
export {
  fetchLinkPreview,
  fetchPreviewImage,
  firstLink,
  isPreviewableUrl,
  type LinkPreviewFetcher,
} from './link-preview-fetch.js';
export {
  decodeMessage,
  encodeMessage,
  isEphemeralKind,
  MESSAGE_FORMAT_VERSION,
  MESSAGE_KIND_CODES,
} from './message-codec.js';
export {
  type IncomingMessage,
  type LogChange,
  MessageLog,
  type MessageLogOptions,
  type MessageView,
  type ReactionView,
} from './message-log.js';
export type {
  AttachmentContent,
  DeleteContent,
  EditContent,
  LinkPreview,
  LinkPreviewContent,
  Mention,
  MessageContent,
  MessageKind,
  PlainMessage,
  PreviewImage,
  ProfileContent,
  ReactionContent,
  ReceiptContent,
  ReplyContent,
  TextContent,
  TimerContent,
  TypingContent,
} from './types.js';
