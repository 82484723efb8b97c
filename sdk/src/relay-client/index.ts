/**
 * The frame-level relay client: challenges, proofs, joins, publishes, acks and the key directory.
 * @module
 */

export {
  type CallCredentialKind,
  type FetchFunction,
  fetchCallCredentials,
} from './call-credentials.js';
export { RelayClient, type RelayClientHandlers } from './relay-client.js';
