/**
 * The frame-level relay client: challenges, proofs, joins, publishes, acks and the key directory.
 * @module
 */
export { RelayClient, type RelayClientHandlers } from './relay-client.js';
