import type { Envelope } from './envelope.js';

/**
 * Every frame is one JSON text message `{ "v": 1, "t": <type>, … }`. `rid` is an optional client-chosen
 * request id that the relay echoes in the reply (and in an error caused by that frame).
 */
interface FrameBase {
  /** Protocol version. */
  v: 1;
  /** Optional request id, echoed in replies. */
  rid?: string;
}

/** Client → relay: subscribe to a room's live messages. */
export interface JoinFrame extends FrameBase {
  t: 'join';
  room: string;
}

/** Client → relay: stop receiving a room's messages. */
export interface LeaveFrame extends FrameBase {
  t: 'leave';
  room: string;
}

/** Client → relay: store and fan out a ciphertext. The relay answers with {@link AckFrame}. */
export interface PublishFrame extends FrameBase {
  t: 'publish';
  room: string;
  msgId: string;
  epoch: number;
  ct: string;
}

/** Every frame a client may send. */
export type ClientFrame = JoinFrame | LeaveFrame | PublishFrame;

/** Relay → client: the join succeeded; `offset` is the offset the next message will get. */
export interface JoinedFrame extends FrameBase {
  t: 'joined';
  room: string;
  offset: number;
}

/** Relay → client: the leave succeeded. */
export interface LeftFrame extends FrameBase {
  t: 'left';
  room: string;
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

/** Relay → client: a request failed, or a frame could not be read. Codes are listed in docs/errors.md. */
export interface ErrorFrame extends FrameBase {
  t: 'error';
  code: string;
  message: string;
}

/** Every frame a relay may send. */
export type ServerFrame = JoinedFrame | LeftFrame | AckFrame | DeliverFrame | ErrorFrame;

/** The type tag of a client frame. */
export type ClientFrameType = ClientFrame['t'];
/** The type tag of a server frame. */
export type ServerFrameType = ServerFrame['t'];
