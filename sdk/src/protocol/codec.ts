import { decodeEnvelope, MAX_CIPHERTEXT_B64_LENGTH } from './envelope.js';
import { ProtocolError } from './errors.js';
import type { ClientFrame, ServerFrame } from './frames.js';
import { MAX_EPOCH, MAX_ERROR_MESSAGE_LENGTH, MAX_FRAME_BYTES, MAX_OFFSET } from './limits.js';
import {
  b64Field,
  type Fields,
  msgIdField,
  objectField,
  ridField,
  roomField,
  stringField,
  uintField,
} from './validate.js';
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

/**
 * Decodes and validates a frame sent by a client. Used by the relay.
 * @param data - the text of one WebSocket message.
 * @param maxBytes - the largest frame accepted, in UTF-8 bytes.
 * @throws ProtocolError for anything but a well-formed client frame.
 */
export function decodeClientFrame(data: string, maxBytes = MAX_FRAME_BYTES): ClientFrame {
  const o = parseObject(data, maxBytes);
  const rid = ridField(o);
  const base = rid === undefined ? { v: PROTOCOL_VERSION } : { v: PROTOCOL_VERSION, rid };
  switch (o.t) {
    case 'join':
      return { ...base, t: 'join', room: roomField(o) };
    case 'leave':
      return { ...base, t: 'leave', room: roomField(o) };
    case 'publish':
      return {
        ...base,
        t: 'publish',
        room: roomField(o),
        msgId: msgIdField(o),
        epoch: uintField(o, 'epoch', MAX_EPOCH),
        ct: b64Field(o, 'ct', 0, MAX_CIPHERTEXT_B64_LENGTH),
      };
    default:
      throw ProtocolError.unknownType();
  }
}

/**
 * Decodes and validates a frame sent by a relay. Used by the SDK.
 * @param data - the text of one WebSocket message.
 * @param maxBytes - the largest frame accepted, in UTF-8 bytes.
 * @throws ProtocolError for anything but a well-formed server frame.
 */
export function decodeServerFrame(data: string, maxBytes = MAX_FRAME_BYTES): ServerFrame {
  const o = parseObject(data, maxBytes);
  const rid = ridField(o);
  const base = rid === undefined ? { v: PROTOCOL_VERSION } : { v: PROTOCOL_VERSION, rid };
  switch (o.t) {
    case 'joined':
      return { ...base, t: 'joined', room: roomField(o), offset: uintField(o, 'offset', MAX_OFFSET) };
    case 'left':
      return { ...base, t: 'left', room: roomField(o) };
    case 'ack':
      return { ...base, t: 'ack', msgId: msgIdField(o), offset: uintField(o, 'offset', MAX_OFFSET) };
    case 'deliver':
      return { ...base, t: 'deliver', env: decodeEnvelope(objectField(o.env, 'env')) };
    case 'error':
      return {
        ...base,
        t: 'error',
        code: stringField(o, 'code', 64),
        message: stringField(o, 'message', MAX_ERROR_MESSAGE_LENGTH),
      };
    default:
      throw ProtocolError.unknownType();
  }
}
