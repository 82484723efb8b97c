import type { KeysFrame, KeysGetFrame, KeysPutFrame, KeysStoredFrame } from './directory.js';
import type { ErrorFrame } from './error.js';
import type { AckFrame, DeliverFrame, PublishFrame, RecvFrame } from './messages.js';
import type {
  DestroyedFrame,
  DestroyFrame,
  DrainedFrame,
  JoinedFrame,
  JoinFrame,
  LeaveFrame,
  LeftFrame,
} from './rooms.js';
import type { AuthedFrame, AuthFrame, ChallengeFrame, ChallengeRequestFrame } from './session.js';
import type { SignalDeliveryFrame, SignalFrame } from './signals.js';

export { type FrameBase, optionalProofField, type Proof, proofField, withRid } from './base.js';
export {
  decodeKeys,
  decodeKeysGet,
  decodeKeysPut,
  decodeKeysStored,
  type KeyKind,
  type KeysFrame,
  type KeysGetFrame,
  type KeysPutFrame,
  type KeysStoredFrame,
  MAX_KEY_ITEM_B64_LENGTH,
} from './directory.js';
export { decodeError, type ErrorFrame, MAX_ERROR_CODE_LENGTH } from './error.js';
export {
  type AckFrame,
  type DeliverFrame,
  decodeAck,
  decodeDeliver,
  decodePublish,
  decodeRecv,
  type PublishFrame,
  type RecvFrame,
} from './messages.js';
export {
  type DestroyedFrame,
  type DestroyFrame,
  type DrainedFrame,
  decodeDrained,
  decodeJoin,
  decodeJoined,
  decodeRoomOnly,
  type JoinedFrame,
  type JoinFrame,
  type LeaveFrame,
  type LeftFrame,
  type ResumePoint,
} from './rooms.js';
export {
  type AuthedFrame,
  type AuthFrame,
  type ChallengeFrame,
  type ChallengeRequestFrame,
  decodeAuth,
  decodeAuthed,
  decodeChallenge,
  decodeChallengeRequest,
} from './session.js';
export {
  decodeSignal,
  decodeSignalDelivery,
  MAX_SIGNAL_B64_LENGTH,
  type SignalDeliveryFrame,
  type SignalFrame,
} from './signals.js';

/** Every frame a client may send. */
export type ClientFrame =
  | ChallengeRequestFrame
  | AuthFrame
  | JoinFrame
  | LeaveFrame
  | DestroyFrame
  | PublishFrame
  | RecvFrame
  | SignalFrame
  | KeysPutFrame
  | KeysGetFrame;

/** Every frame a relay may send. */
export type ServerFrame =
  | ChallengeFrame
  | AuthedFrame
  | JoinedFrame
  | DrainedFrame
  | LeftFrame
  | DestroyedFrame
  | AckFrame
  | DeliverFrame
  | SignalDeliveryFrame
  | ErrorFrame
  | KeysStoredFrame
  | KeysFrame;

/** The type tag of a client frame. */
export type ClientFrameType = ClientFrame['t'];
/** The type tag of a server frame. */
export type ServerFrameType = ServerFrame['t'];
