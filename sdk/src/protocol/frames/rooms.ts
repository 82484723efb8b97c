/**
 * Room frames: join (with its proof, an optional resume point and the lifetime of a new room), leave, destroy,
 * and the relay's replies.
 *
 * ```text
 * C→R {v:1, t:"join", room, proof?, resume?:{epoch, offset}, ttl?, rid?}
 * R→C {v:1, t:"joined", room, epoch, offset, from, recovered?, rid?}   then deliver… for offsets from..offset-1
 * R→C {v:1, t:"drained", room, offset}                                the backlog (resume or mailbox) is complete
 * C→R {v:1, t:"leave", room, rid?}        R→C {v:1, t:"left", room, rid?}
 * C→R {v:1, t:"destroy", room, rid?}      R→C {v:1, t:"destroyed", room, rid?}   (also pushed to every member)
 * ```
 * `epoch` here is the room's *stream epoch*: an id the relay gives one generation of a room's history. A
 * resume names the stream epoch and the next offset the client expects; a different epoch (room destroyed and
 * created again, or history lost) can never be recovered.
 * @module
 */
import { MAX_OFFSET, MAX_ROOM_TTL_SECONDS, MAX_STREAM_EPOCH_LENGTH } from '../limits.js';
import {
  b64Field,
  type Fields,
  objectField,
  onlyFields,
  optionalBoolField,
  roomField,
  uintField,
} from '../validate.js';
import { type FrameBase, optionalProofField, type Proof } from './base.js';

/** Where a client wants history to resume: the stream epoch and the next offset it has not seen. */
export interface ResumePoint {
  epoch: string;
  offset: number;
}

/** Client → relay: join a room (created with `ttl` seconds of idle lifetime if it does not exist). */
export interface JoinFrame extends FrameBase {
  t: 'join';
  room: string;
  /** Proof of possession of this room's pseudonymous key; required by relays that authenticate. */
  proof?: Proof;
  /** Resume from here instead of the member's mailbox. */
  resume?: ResumePoint;
  /** Idle lifetime in seconds of the room if this join creates it. */
  ttl?: number;
}

/** Relay → client: the join succeeded. */
export interface JoinedFrame extends FrameBase {
  t: 'joined';
  room: string;
  /** The room's stream epoch. */
  epoch: string;
  /** The offset the next new message will get. */
  offset: number;
  /** The first offset of the backlog that follows (equal to `offset` when there is none). */
  from: number;
  /** Present when a resume was asked: whether exactly the missed envelopes follow. */
  recovered?: boolean;
}

/** Relay → client: the backlog after a join has been sent; live messages follow. */
export interface DrainedFrame extends FrameBase {
  t: 'drained';
  room: string;
  offset: number;
}

/** Client → relay: stop receiving a room's messages (the member's mailbox keeps collecting). */
export interface LeaveFrame extends FrameBase {
  t: 'leave';
  room: string;
}

/** Relay → client: the leave succeeded. */
export interface LeftFrame extends FrameBase {
  t: 'left';
  room: string;
}

/** Client → relay: delete a room and its history (only its creator's key may). */
export interface DestroyFrame extends FrameBase {
  t: 'destroy';
  room: string;
}

/** Relay → client: a room was destroyed. */
export interface DestroyedFrame extends FrameBase {
  t: 'destroyed';
  room: string;
}

/** Decodes the body of a `join` frame. */
export function decodeJoin(o: Fields, base: FrameBase): JoinFrame {
  onlyFields(o, ['room', 'proof', 'resume', 'ttl']);
  const frame: JoinFrame = { ...base, t: 'join', room: roomField(o) };
  const proof = optionalProofField(o);
  if (proof) frame.proof = proof;
  if (o.resume !== undefined) {
    const r = objectField(o.resume, 'resume');
    onlyFields(r, ['epoch', 'offset']);
    frame.resume = {
      epoch: b64Field(r, 'epoch', 1, MAX_STREAM_EPOCH_LENGTH),
      offset: uintField(r, 'offset', MAX_OFFSET),
    };
  }
  if (o.ttl !== undefined) {
    const ttl = uintField(o, 'ttl', MAX_ROOM_TTL_SECONDS);
    frame.ttl = ttl;
  }
  return frame;
}

/** Decodes the body of a `joined` frame. */
export function decodeJoined(o: Fields, base: FrameBase): JoinedFrame {
  onlyFields(o, ['room', 'epoch', 'offset', 'from', 'recovered']);
  const frame: JoinedFrame = {
    ...base,
    t: 'joined',
    room: roomField(o),
    epoch: b64Field(o, 'epoch', 1, MAX_STREAM_EPOCH_LENGTH),
    offset: uintField(o, 'offset', MAX_OFFSET),
    from: uintField(o, 'from', MAX_OFFSET),
  };
  const recovered = optionalBoolField(o, 'recovered');
  if (recovered !== undefined) frame.recovered = recovered;
  return frame;
}

/** Decodes the body of a `drained` frame. */
export function decodeDrained(o: Fields, base: FrameBase): DrainedFrame {
  onlyFields(o, ['room', 'offset']);
  return { ...base, t: 'drained', room: roomField(o), offset: uintField(o, 'offset', MAX_OFFSET) };
}

/** Decodes the body of a frame whose only field is `room` (`leave`, `left`, `destroy`, `destroyed`). */
export function decodeRoomOnly<T extends 'leave' | 'left' | 'destroy' | 'destroyed'>(
  o: Fields,
  base: FrameBase,
  t: T,
): FrameBase & { t: T; room: string } {
  onlyFields(o, ['room']);
  return { ...base, t, room: roomField(o) };
}
