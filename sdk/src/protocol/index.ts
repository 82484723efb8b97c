/**
 * The CrypTalk wire protocol: frame types, their strict codecs, versions and limits. Shared by the SDK and
 * the relay; imports nothing else of the project.
 * @module
 */
export { fromBase64url, toBase64url } from './base64url.js';
export { decodeClientFrame, decodeServerFrame, encodeFrame, frameByteLength } from './codec.js';
export { decodeEnvelope, type Envelope, MAX_CIPHERTEXT_B64_LENGTH } from './envelope.js';
export { ProtocolError, type ProtocolErrorCode } from './errors.js';
export type {
  AckFrame,
  ClientFrame,
  ClientFrameType,
  DeliverFrame,
  ErrorFrame,
  JoinedFrame,
  JoinFrame,
  LeaveFrame,
  LeftFrame,
  PublishFrame,
  ServerFrame,
  ServerFrameType,
} from './frames.js';
export { randomId } from './ids.js';
export {
  MAX_CIPHERTEXT_BYTES,
  MAX_EPOCH,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_FRAME_BYTES,
  MAX_OFFSET,
  MAX_REQUEST_ID_LENGTH,
  MSG_ID_LENGTH,
  ROOM_ID_MAX_LENGTH,
  ROOM_ID_MIN_LENGTH,
} from './limits.js';
export { PROTOCOL_VERSION, WS_SUBPROTOCOL } from './version.js';
