/**
 * The relay's calls feature: pure functions that mint LiveKit tokens and TURN REST credentials, and the
 * {@link CallsFeature} that serves them at `/calls/token` and `/calls/turn` to proven room members.
 * @module
 */
export { CALLS_CHALLENGE_PATH, CALLS_TOKEN_PATH, CALLS_TURN_PATH, CallsFeature } from './calls-feature.js';
export { CallsError, type CallsErrorCode } from './errors.js';
export { hashName } from './hash-name.js';
export {
  LIVEKIT_IDENTITY_LABEL,
  LIVEKIT_ROOM_NAME_LABEL,
  LIVEKIT_TOKEN_MAX_TTL_SECONDS,
  LIVEKIT_TOKEN_TTL_SECONDS,
  MAX_CALL_NAME_CHARS,
  MIN_SERVER_SECRET_BYTES,
  TURN_CREDENTIALS_MAX_TTL_SECONDS,
  TURN_CREDENTIALS_TTL_SECONDS,
  TURN_USERNAME_LABEL,
} from './limits.js';
export {
  type LiveKitConfig,
  type LiveKitTokenGrant,
  type LiveKitTokenRequest,
  mintLiveKitToken,
} from './livekit-token.js';
export { type TurnCredentials, type TurnCredentialsOptions, turnCredentials } from './turn-credentials.js';
