/**
 * `@cryptalk/widget`: the chat's web components, its backend seam and its theming and translation
 * tables. Importing this module defines nothing and touches no `window` or `document`; import
 * `@cryptalk/widget/define` (or load the script-tag build) to register the elements.
 * @module
 */
export {
  type AttachmentInfo,
  type BackendCapabilities,
  type BackendConnectionState,
  type ChatBackend,
  type ChatBackendEvents,
  type ChatItem,
  ClientBackend,
  type ClientBackendOptions,
  type DeliveryStatus,
  MemoryBackend,
  type MemoryBackendOptions,
  MemoryHub,
  type ReactionSummary,
  type RoomSummary,
} from './backend/index.js';
export { type ChatCore, CryptalkChat } from './components/chat/chat.component.js';
export { CryptalkComposer, type UploadProgress } from './components/composer/composer.component.js';
export { CryptalkInvite } from './components/invite/invite.component.js';
export { CryptalkMessageList } from './components/message-list/message-list.component.js';
export { CryptalkPanel, type PanelView } from './components/panel/panel.component.js';
export { CryptalkRoomList } from './components/room-list/room-list.component.js';
export { CryptalkSafetyNumber } from './components/safety-number/safety-number.component.js';
export { WidgetError, type WidgetErrorCode } from './errors.js';
export {
  type ChatAction,
  CryptalkActionEvent,
  CryptalkCloseEvent,
  CryptalkMessageEvent,
  CryptalkOpenEvent,
  CryptalkSendEvent,
  CryptalkUnreadEvent,
} from './events/index.js';
export { Emitter, type Off } from './internal/emitter.js';
export { type CrypTalkPageApi, installPageApi, type QueuedCall } from './page-api.js';
export {
  type BackendInit,
  createWorkerBackend,
  type PersistMode,
  type Placement,
  RemoteBackend,
  serveBackend,
  WORKER_FILE,
} from './placement/index.js';
export {
  DARK,
  LIGHT,
  presetDeclarations,
  presetsCss,
  type ThemePreset,
  type TokenName,
  tokenVar,
} from './themes/index.js';
export { ar } from './translations/ar.js';
export { de } from './translations/de.js';
export {
  availableLocales,
  en,
  type LauncherStrings,
  launcherStringsFor,
  loadTranslation,
  registerTranslation,
  type Translation,
  translationFor,
  translationReady,
} from './translations/index.js';
export { ja } from './translations/ja.js';
