export { Connection, type ConnectionHandlers } from './connection.js';
export { RoomAuth } from './room-auth.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
