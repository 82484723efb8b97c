export { Connection, type ConnectionHandlers } from './connection.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
