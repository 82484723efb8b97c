export { Connection, type ConnectionHandlers } from './connection.js';
export { ALWAYS_ONLINE, createOnlineMonitor, type OnlineMonitor, type OnlineScope } from './online.js';
export {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  Backoff,
  type BackoffOptions,
  type Clock,
  Reconnector,
  type ReconnectorOptions,
  type ReconnectState,
  SYSTEM_CLOCK,
} from './reconnect.js';
export { RoomAuth } from './room-auth.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
