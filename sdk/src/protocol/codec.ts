import { ProtocolError } from './errors.js';
import {
  type ClientFrame,
  decodeAck,
  decodeAuth,
  decodeAuthed,
  decodeChallenge,
  decodeChallengeRequest,
  decodeDeliver,
  decodeDrained,
  decodeError,
  decodeJoin,
  decodeJoined,
  decodeKeys,
  decodeKeysGet,
  decodeKeysPut,
  decodeKeysStored,
  decodePublish,
  decodeRecv,
  decodeRoomOnly,
  decodeSignal,
  decodeSignalDelivery,
  type FrameBase,
  type ServerFrame,
} from './frames/index.js';
import { MAX_FRAME_BYTES } from './limits.js';
import { type Fields, ridField } from './validate.js';
import { PROTOCOL_VERSION } from './version.js';

const textEncoder = new TextEncoder();

/**
 * Encodes a frame as JSON text. Frames are plain data, so this cannot fail for a well-typed frame.
 * @param frame - a client or server frame.
 * @returns the JSON text to send as one WebSocket text message.
 */
export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}

/** The byte length of a frame's text in UTF-8, as it travels. */
export function frameByteLength(text: string): number {
  return textEncoder.encode(text).length;
}

function parseObject(data: string, maxBytes: number): Fields {
  // A UTF-8 string is at most 3 bytes per UTF-16 unit, and at least one: check cheaply first.
  if (data.length > maxBytes) throw ProtocolError.tooLarge(data.length, maxBytes);
  if (data.length * 3 > maxBytes) {
    const size = frameByteLength(data);
    if (size > maxBytes) throw ProtocolError.tooLarge(size, maxBytes);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw ProtocolError.malformedJson();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw ProtocolError.notObject();
  const o = parsed as Fields;
  if (o.v !== PROTOCOL_VERSION) throw ProtocolError.unsupportedVersion();
  if (typeof o.t !== 'string') throw ProtocolError.unknownType();
  return o;
}

function baseOf(o: Fields): FrameBase {
  const rid = ridField(o);
  return rid === undefined ? { v: PROTOCOL_VERSION } : { v: PROTOCOL_VERSION, rid };
}

const CLIENT_DECODERS: Record<string, (o: Fields, base: FrameBase) => ClientFrame> = {
  challenge: decodeChallengeRequest,
  auth: decodeAuth,
  join: decodeJoin,
  leave: (o, b) => decodeRoomOnly(o, b, 'leave'),
  destroy: (o, b) => decodeRoomOnly(o, b, 'destroy'),
  publish: decodePublish,
  recv: decodeRecv,
  signal: decodeSignal,
  'keys.put': decodeKeysPut,
  'keys.get': decodeKeysGet,
};

const SERVER_DECODERS: Record<string, (o: Fields, base: FrameBase) => ServerFrame> = {
  challenge: decodeChallenge,
  authed: decodeAuthed,
  joined: decodeJoined,
  drained: decodeDrained,
  left: (o, b) => decodeRoomOnly(o, b, 'left'),
  destroyed: (o, b) => decodeRoomOnly(o, b, 'destroyed'),
  ack: decodeAck,
  deliver: decodeDeliver,
  signal: decodeSignalDelivery,
  error: decodeError,
  'keys.stored': decodeKeysStored,
  keys: decodeKeys,
};

/**
 * Decodes and validates a frame sent by a client. Used by the relay.
 * @param data - the text of one WebSocket message.
 * @param maxBytes - the largest frame accepted, in UTF-8 bytes.
 * @throws ProtocolError for anything but a well-formed client frame.
 */
export function decodeClientFrame(data: string, maxBytes = MAX_FRAME_BYTES): ClientFrame {
  const o = parseObject(data, maxBytes);
  const decode = Object.hasOwn(CLIENT_DECODERS, o.t as string) ? CLIENT_DECODERS[o.t as string] : undefined;
  if (!decode) throw ProtocolError.unknownType();
  return decode(o, baseOf(o));
}

/**
 * Decodes and validates a frame sent by a relay. Used by the SDK.
 * @param data - the text of one WebSocket message.
 * @param maxBytes - the largest frame accepted, in UTF-8 bytes.
 * @throws ProtocolError for anything but a well-formed server frame.
 */
export function decodeServerFrame(data: string, maxBytes = MAX_FRAME_BYTES): ServerFrame {
  const o = parseObject(data, maxBytes);
  const decode = Object.hasOwn(SERVER_DECODERS, o.t as string) ? SERVER_DECODERS[o.t as string] : undefined;
  if (!decode) throw ProtocolError.unknownType();
  return decode(o, baseOf(o));
}
