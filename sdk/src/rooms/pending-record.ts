/**
 * The sender's own record of a message it sent, carried inside its outbox record until the relay acks it (see
 * `outbox/outbox-payload.ts`, form 2): the message history gets it once, with its offset, at the ack. The room
 * id, message id and offset are not in it (the outbox record has the ids; the offset is the ack's).
 *
 * ```
 * 0x01 ‖ str sender ‖ str text ‖ f64 sentAt ‖ f64 expiresAt (NaN: none) ‖ u8 kind ‖ [f64 receivedAt] ‖ u32 n ‖ bytes
 * str = u32 byte length ‖ UTF-8; kind 1: {type:'message', bytes, receivedAt} (receivedAt present),
 * kind 2: {type:'content', content}, kind 3: {type:'text', content}; big-endian
 * ```
 *
 * @module
 */
import type { MessageRecord } from '../store/index.js';

/** Version byte of the encoding. */
const PENDING_RECORD_V1 = 0x01;
const KIND_MESSAGE = 1;
const KIND_CONTENT = 2;
const KIND_TEXT = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

type Data =
  | { type: 'message'; bytes: Uint8Array; receivedAt: number }
  | { type: 'content' | 'text'; content: Uint8Array };

function dataOf(value: unknown): Data | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const d = value as Record<string, unknown>;
  if (d.type === 'message' && d.bytes instanceof Uint8Array && typeof d.receivedAt === 'number')
    return { type: 'message', bytes: d.bytes, receivedAt: d.receivedAt };
  if ((d.type === 'content' || d.type === 'text') && d.content instanceof Uint8Array)
    return { type: d.type, content: d.content };
  return undefined;
}

/** The last sender encoded (a client's own records all have the same one). */
let lastSender: { id: string; bytes: Uint8Array } | undefined;

function senderBytes(id: string): Uint8Array {
  if (lastSender?.id !== id) lastSender = { id, bytes: encoder.encode(id) };
  return lastSender.bytes;
}

/**
 * Encodes an own message record for its outbox record.
 *
 * @param rec - the record as it will be stored (offset −1 until acked).
 * @returns the bytes, or `undefined` when its `data` is not one of the shapes rooms write (then the record is
 *   stored at send instead).
 */
export function encodePendingRecord(rec: MessageRecord): Uint8Array | undefined {
  const data = dataOf(rec.data);
  if (!data) return undefined;
  const sender = senderBytes(rec.sender);
  const text = encoder.encode(rec.text);
  const bytes = data.type === 'message' ? data.bytes : data.content;
  const size = 1 + 4 + sender.length + 4 + text.length + 8 + 8 + 1 + (data.type === 'message' ? 8 : 0) + 4;
  const out = new Uint8Array(size + bytes.length);
  const view = new DataView(out.buffer);
  let pos = 0;
  out[pos++] = PENDING_RECORD_V1;
  for (const s of [sender, text]) {
    view.setUint32(pos, s.length);
    out.set(s, pos + 4);
    pos += 4 + s.length;
  }
  view.setFloat64(pos, rec.sentAt);
  view.setFloat64(pos + 8, rec.expiresAt ?? Number.NaN);
  pos += 16;
  out[pos++] = data.type === 'message' ? KIND_MESSAGE : data.type === 'content' ? KIND_CONTENT : KIND_TEXT;
  if (data.type === 'message') {
    view.setFloat64(pos, data.receivedAt);
    pos += 8;
  }
  view.setUint32(pos, bytes.length);
  out.set(bytes, pos + 4);
  return out;
}

/**
 * Decodes an own message record carried by an outbox record.
 *
 * @param roomId - the outbox record's room.
 * @param msgId - the outbox record's message id.
 * @param bytes - what {@link encodePendingRecord} made.
 * @returns the record with offset −1, or `undefined` when the bytes are not a record this version reads.
 */
export function decodePendingRecord(
  roomId: string,
  msgId: string,
  bytes: Uint8Array,
): MessageRecord | undefined {
  try {
    if (bytes[0] !== PENDING_RECORD_V1) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let pos = 1;
    const take = (n: number) => {
      if (pos + n > bytes.length) throw new RangeError('truncated');
      const s = bytes.subarray(pos, pos + n);
      pos += n;
      return s;
    };
    const str = () => decoder.decode(take(view.getUint32(take(4).byteOffset - bytes.byteOffset)));
    const f64 = () => view.getFloat64(take(8).byteOffset - bytes.byteOffset);
    const sender = str();
    const text = str();
    const sentAt = f64();
    const expiresAt = f64();
    const kind = take(1)[0];
    const receivedAt = kind === KIND_MESSAGE ? f64() : 0;
    const payload = take(view.getUint32(take(4).byteOffset - bytes.byteOffset)).slice();
    if (pos !== bytes.length) return undefined;
    let data: Data;
    if (kind === KIND_MESSAGE) data = { type: 'message', bytes: payload, receivedAt };
    else if (kind === KIND_CONTENT || kind === KIND_TEXT)
      data = { type: kind === KIND_CONTENT ? 'content' : 'text', content: payload };
    else return undefined;
    const rec: MessageRecord = { roomId, msgId, offset: -1, sender, text, sentAt, data };
    return Number.isNaN(expiresAt) ? rec : { ...rec, expiresAt };
  } catch {
    return undefined;
  }
}
