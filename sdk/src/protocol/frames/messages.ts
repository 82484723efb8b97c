/**
 * Message frames: publish → ack, deliver, and the mailbox receipt.
 *
 * ```text
 * C→R {v:1, t:"publish", room, msgId, epoch, ct, hs?:true, ttl?, rid?}
 * R→C {v:1, t:"ack", msgId, offset, rid?}            also for a duplicate msgId inside the dedupe window
 * R→C {v:1, t:"deliver", env:{v, msgId, room, epoch, offset, ct, hs?}}
 * C→R {v:1, t:"recv", room, offset}                  every envelope up to `offset` arrived: drop them from my mailbox
 * ```
 * `hs:true` marks an MLS handshake message (commit/proposal): the relay accepts it only for the room's current
 * group epoch and then advances it, so handshake messages are totally ordered per room. `ttl` (seconds) makes a
 * message disappear at the relay too: it is never delivered after `ttl` and its ciphertext is erased.
 * @module
 */
import { decodeEnvelope, type Envelope, MAX_CIPHERTEXT_B64_LENGTH } from '../envelope.js';
import { ProtocolError } from '../errors.js';
import { MAX_EPOCH, MAX_MESSAGE_TTL_SECONDS, MAX_OFFSET } from '../limits.js';
import {
  b64Field,
  type Fields,
  flagField,
  msgIdField,
  objectField,
  onlyFields,
  roomField,
  uintField,
} from '../validate.js';
import type { FrameBase } from './base.js';

/** Client → relay: store and fan out a ciphertext. The relay answers with {@link AckFrame}. */
export interface PublishFrame extends FrameBase {
  t: 'publish';
  room: string;
  msgId: string;
  epoch: number;
  ct: string;
  /** An MLS handshake message, ordered against the room's group epoch. */
  hs?: true;
  /**
   * Seconds after which the relay stops delivering the message and erases its ciphertext (disappearing
   * messages). Absent: kept for the relay's history retention.
   */
  ttl?: number;
}

/** Relay → client: a published message was stored at `offset`. Sent again for a duplicate `msgId`. */
export interface AckFrame extends FrameBase {
  t: 'ack';
  msgId: string;
  offset: number;
}

/** Relay → client: a message in a room the client joined. */
export interface DeliverFrame extends FrameBase {
  t: 'deliver';
  env: Envelope;
}

/** Client → relay: every envelope of `room` up to and including `offset` arrived (mailbox receipt). */
export interface RecvFrame extends FrameBase {
  t: 'recv';
  room: string;
  offset: number;
}

/** Decodes the body of a `publish` frame. */
export function decodePublish(o: Fields, base: FrameBase): PublishFrame {
  onlyFields(o, ['room', 'msgId', 'epoch', 'ct', 'hs', 'ttl']);
  const frame: PublishFrame = {
    ...base,
    t: 'publish',
    room: roomField(o),
    msgId: msgIdField(o),
    epoch: uintField(o, 'epoch', MAX_EPOCH),
    ct: b64Field(o, 'ct', 0, MAX_CIPHERTEXT_B64_LENGTH),
  };
  if (flagField(o, 'hs')) frame.hs = true;
  if (o.ttl !== undefined) {
    const ttl = uintField(o, 'ttl', MAX_MESSAGE_TTL_SECONDS);
    if (ttl === 0) throw ProtocolError.invalidField('ttl', 'must be at least 1');
    frame.ttl = ttl;
  }
  return frame;
}

/** Decodes the body of an `ack` frame. */
export function decodeAck(o: Fields, base: FrameBase): AckFrame {
  onlyFields(o, ['msgId', 'offset']);
  return { ...base, t: 'ack', msgId: msgIdField(o), offset: uintField(o, 'offset', MAX_OFFSET) };
}

/** Decodes the body of a `deliver` frame. */
export function decodeDeliver(o: Fields, base: FrameBase): DeliverFrame {
  onlyFields(o, ['env']);
  return { ...base, t: 'deliver', env: decodeEnvelope(objectField(o.env, 'env')) };
}

/** Decodes the body of a `recv` frame. */
export function decodeRecv(o: Fields, base: FrameBase): RecvFrame {
  onlyFields(o, ['room', 'offset']);
  return { ...base, t: 'recv', room: roomField(o), offset: uintField(o, 'offset', MAX_OFFSET) };
}
