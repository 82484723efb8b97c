/**
 * Calls: P2P WebRTC with perfect negotiation, LiveKit SFU fallback with end-to-end media encryption.
 * @module
 */
export { Call } from './call.js';
export { CallManager, type CallManagerEvents } from './call-manager.js';
export {
  type CallEndCode,
  type CallInput,
  type CallMode,
  type CallState,
  INITIAL_CALL_STATE,
  MAX_ICE_RESTARTS,
  nextCallState,
} from './call-state.js';
export { CALL_ERROR_CODES, CallError, type CallErrorCode } from './errors.js';
export type { CallEvents, CallQuality, CandidateType, RemoteMedia, RemoteMediaState } from './events.js';
export type { IncomingCall, IncomingCallEvents, RingCancelReason } from './incoming-call.js';
export { LABEL_CALL_GROUP_SECRET, LABEL_CALL_MEDIA_KEY } from './labels.js';
export {
  CALL_GROUP_SECRET_BYTES,
  CALL_SECRET_BYTES,
  FRAGMENT_TIMEOUT_MS,
  MAX_PENDING_FRAGMENTED,
  MAX_SDP_CHARS,
  MAX_SIGNAL_CHARS,
  MAX_SIGNAL_FRAGMENTS,
  MEDIA_KEYRING_SIZE,
  P2P_CONNECT_TIMEOUT_MS,
  RING_TIMEOUT_MS,
  SFU_PARTICIPANT_THRESHOLD,
  SIGNAL_FRAGMENT_BYTES,
  SIGNAL_MAX_AGE_MS,
  STATS_INTERVAL_MS,
  VIDEO_PROBE_TIMEOUT_MS,
} from './limits.js';
export { deriveMediaKey } from './media-keys.js';
export { CALL_SIGNAL_VERSION, type CallSignal, decodeCallSignal, encodeCallSignal } from './signal.js';
export {
  decodeSignalFragment,
  fragmentSignal,
  SIGNAL_FRAGMENT_VERSION,
  type SignalFragment,
  SignalReassembler,
} from './signal-fragments.js';
export type {
  CallCredentials,
  CallEnvironment,
  CallOptions,
  IceServerCredentials,
  LiveKitGrant,
  MediaChoice,
  SignalChannel,
} from './types.js';
export { probeColourVideo, type VideoProbe } from './video-probe.js';
