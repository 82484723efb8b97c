/**
 * The CrypTalk relay, for embedding in a Node program. The `cryptalk-relay` CLI wraps the same function.
 * @module
 */
export { createLogger, type Logger } from './log.js';
export { type RelayOptions, type ResolvedRelayOptions, resolveRelayOptions } from './options.js';
export { createRelay, type Relay } from './relay.js';
