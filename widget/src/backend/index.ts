export type {
  AttachmentInfo,
  BackendCapabilities,
  BackendConnectionState,
  ChatBackend,
  ChatBackendEvents,
  ChatItem,
  DeliveryStatus,
  ReactionSummary,
  RoomSummary,
} from './chat-backend.js';
export { ClientBackend, type ClientBackendOptions } from './client-backend.js';
export { MemoryBackend, type MemoryBackendOptions, MemoryHub } from './memory-backend.js';
