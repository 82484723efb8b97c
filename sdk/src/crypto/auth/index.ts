/**
 * Relay authentication: per-room pseudonymous keys, the challenge encoding, the client's proof and the relay's
 * verifier. This module imports only `@noble/curves`, `@noble/hashes` and local helpers (no ts-mls, no
 * post-quantum), so the relay can depend on it alone. The client's asynchronous functions (`…Async`) need no
 * curve code of their own in a browser (WebCrypto; noble loaded only where it lacks Ed25519); the synchronous
 * ones (`deriveRoomAuthKey`, `proveChallenge`) and the relay's verifier use noble or node:crypto directly.
 *
 * @module
 */

export { AuthError } from '../errors.js';
export {
  AUTH_NONCE_LENGTH,
  AUTH_PROOF_LENGTH,
  type AuthChallenge,
  encodeChallenge,
  proveChallengeAsync,
} from './challenge.js';
export {
  ChallengeVerifier,
  type ChallengeVerifierOptions,
  type VerifiedProof,
} from './challenge-verifier.js';
export { DEVICE_SECRET_MIN_LENGTH, deriveRoomAuthKeyAsync, RoomAuthKey } from './room-auth-key.js';
export { deriveRoomAuthKey, proveChallenge } from './room-auth-sync.js';
