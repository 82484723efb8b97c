/**
 * Relay authentication: per-room pseudonymous keys, the challenge encoding, the client's proof and the relay's
 * verifier. This module imports only `@noble/curves`, `@noble/hashes` and local helpers (no ts-mls, no
 * post-quantum), so the relay can depend on it alone.
 *
 * @module
 */

export { AuthError } from '../errors.js';
export {
  AUTH_NONCE_LENGTH,
  AUTH_PROOF_LENGTH,
  type AuthChallenge,
  encodeChallenge,
  proveChallenge,
  proveChallengeAsync,
} from './challenge.js';
export {
  ChallengeVerifier,
  type ChallengeVerifierOptions,
  type VerifiedProof,
} from './challenge-verifier.js';
export {
  DEVICE_SECRET_MIN_LENGTH,
  deriveRoomAuthKey,
  deriveRoomAuthKeyAsync,
  RoomAuthKey,
} from './room-auth-key.js';
