/**
 * The CrypTalk relay, for embedding in a Node program. The `cryptalk-relay` CLI wraps the same function.
 * @module
 */
export { CLOSE, RELAY_ERROR_CODES, RelayError, type RelayErrorCode } from './errors.js';
export { createLogger, type Logger } from './log.js';
export {
  type RelayOptions,
  type ResolvedRelayOptions,
  resolveRelayOptions,
  type StoreKind,
} from './options.js';
export { createRelay, createStore, type Relay } from './relay.js';
export { EmbeddedStore } from './store/embedded/index.js';
export { MemoryStore } from './store/memory/index.js';
export { RedisStore } from './store/redis/index.js';
export type { RelayStore, RoomEvent, RoomInfo, StoredMessage, StoreLimits } from './store/store.js';
