/**
 * `@cryptalk/sdk`: the headless CrypTalk client. Everything is reached through {@link CrypTalkClient}.
 * @module
 */
export { CrypTalkClient, type CrypTalkClientOptions } from './client.js';
export type { Unsubscribe } from './emitter.js';
export { ClientError, type ClientErrorCode, CrypTalkError } from './errors.js';
export type { ChatMessage, ClientEvents, ConnectionState } from './events.js';
export { randomId } from './protocol/index.js';
export { Room } from './rooms/index.js';
export type { WebSocketConstructor, WebSocketLike } from './transport/index.js';
