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
import { MessageError } from '../messages/index.js';
import { WireReader } from '../messages/wire-reader.js';
import type { MessageRecord } from '../store/index.js';

/** Version byte of the encoding. */
const PENDING_RECORD_V1 = 0x01;
const KIND_MESSAGE = 1;
const KIND_CONTENT = 2;
const KIND_TEXT = 3;

const encoder = new TextEncoder();

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
  const sender = encoder.encode(rec.sender);
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
    const r = new WireReader(bytes);
    if (r.u8('version') !== PENDING_RECORD_V1) return undefined;
    const sender = r.utf8(r.u32('sender'), 'sender');
    const text = r.utf8(r.u32('text'), 'text');
    const sentAt = r.f64('sentAt');
    const expiresAt = r.f64('expiresAt');
    const kind = r.u8('kind');
    if (kind !== KIND_MESSAGE && kind !== KIND_CONTENT && kind !== KIND_TEXT) return undefined;
    const receivedAt = kind === KIND_MESSAGE ? r.f64('receivedAt') : 0;
    const payload = r.fixed(r.u32('data'), 'data');
    r.end();
    const data: Data =
      kind === KIND_MESSAGE
        ? { type: 'message', bytes: payload, receivedAt }
        : { type: kind === KIND_CONTENT ? 'content' : 'text', content: payload };
    const rec: MessageRecord = { roomId, msgId, offset: -1, sender, text, sentAt, data };
    return Number.isNaN(expiresAt) ? rec : { ...rec, expiresAt };
  } catch (e) {
    // truncated, trailing bytes, bad UTF-8: WireReader's only error
    if (e instanceof MessageError) return undefined;
    throw e;
  }
}
