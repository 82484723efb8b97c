/**
 * The binary codec of the plaintext message (what is encrypted for the room or the 1:1 session).
 *
 * ```text
 * message   = version:u8 (=1) kind:u8 sentAt:varint expireAfter:varint body       (whole message ≤ 64 KiB)
 * varint    = unsigned LEB128, minimal, ≤ 2^53 − 1
 * str       = len:varint utf8[len]                 (len ≤ the field's limit, UTF-8 strict)
 * id        = 16 bytes (a 128-bit message id; 22 base64url characters in the API)
 * h32       = 32 bytes (SHA-256 digest or AEAD key)
 * opt<X>    = 0x00 | 0x01 X
 * mentions  = count:varint (≤ 64) { member:str start:varint length:varint }*   (UTF-16 code units, inside the text)
 *
 * kind  1 text          text:str mentions
 *       2 reply         target:id text:str mentions
 *       3 edit          target:id text:str mentions
 *       4 delete        target:id
 *       5 reaction      target:id emoji:str add:u8(0|1)
 *       6 receipt       upTo:id
 *       7 typing        active:u8(0|1)
 *       8 timer         seconds:varint (≤ 1 year; 0 = off)
 *       9 profile       displayName:str avatarHash:opt<h32>
 *      10 link-preview  target:id url:str title:str description:str imageHash:opt<h32> [image:opt<image>]
 *                       image = blobId:str key:h32 size:varint mime:str chunkSize:varint digest:h32
 *                       (the trailing `image` is left out entirely when there is none, so previews without
 *                       an image encode as before; a decoder reads it only when bytes remain)
 *      11 attachment    blobId:str key:h32 size:varint mime:str name:str chunkSize:varint digest:h32
 * ```
 *
 * Why binary and not JSON: one canonical encoding per value (no key order, duplicate keys, `__proto__`,
 * number precision or escaping questions), a decoder that never recurses and bounds every allocation by a
 * length it has checked first, raw bytes for keys and hashes without base64, and a layout a native client
 * implements in a page of code. Unknown versions and kinds are typed errors so a client can show
 * "unsupported message" instead of failing.
 *
 * @module
 */
import { MessageError } from './errors.js';
import {
  MSG_HASH_BYTES,
  MSG_ID_BYTES,
  MSG_MAX_ATTACHMENT_BYTES,
  MSG_MAX_BLOB_ID_BYTES,
  MSG_MAX_BYTES,
  MSG_MAX_CHUNK_BYTES,
  MSG_MAX_DESCRIPTION_BYTES,
  MSG_MAX_DISPLAY_NAME_BYTES,
  MSG_MAX_EMOJI_BYTES,
  MSG_MAX_FILE_NAME_BYTES,
  MSG_MAX_MEMBER_ID_BYTES,
  MSG_MAX_MENTIONS,
  MSG_MAX_MIME_BYTES,
  MSG_MAX_TEXT_BYTES,
  MSG_MAX_TIMER_SECONDS,
  MSG_MAX_TITLE_BYTES,
  MSG_MAX_URL_BYTES,
} from './limits.js';
import { messageIdBytes, messageIdText } from './message-id.js';
import type { Mention, MessageContent, MessageKind, PlainMessage, PreviewImage } from './types.js';
import { WireReader } from './wire-reader.js';
import { WireWriter } from './wire-writer.js';

/** The version byte this code writes and reads. */
export const MESSAGE_FORMAT_VERSION = 1;

/** The kind byte of each content kind (never reused). */
export const MESSAGE_KIND_CODES: { readonly [K in MessageKind]: number } = {
  text: 1,
  reply: 2,
  edit: 3,
  delete: 4,
  reaction: 5,
  receipt: 6,
  typing: 7,
  timer: 8,
  profile: 9,
  'link-preview': 10,
  attachment: 11,
};

const MAX_TIME = Number.MAX_SAFE_INTEGER;

function writeMentions(w: WireWriter, text: string, mentions: readonly Mention[]): void {
  if (!Array.isArray(mentions)) throw MessageError.invalidField('mentions', 'must be an array');
  if (mentions.length > MSG_MAX_MENTIONS) throw MessageError.tooLarge('mentions', MSG_MAX_MENTIONS);
  w.varint(mentions.length, 'mentions');
  for (const m of mentions) {
    checkMention(m, text);
    w.str(m.member, MSG_MAX_MEMBER_ID_BYTES, 'mention.member').varint(m.start, 'mention.start');
    w.varint(m.length, 'mention.length');
  }
}

function checkMention(m: Mention, text: string): void {
  if (typeof m !== 'object' || m === null) throw MessageError.invalidField('mention', 'must be an object');
  if (typeof m.member !== 'string' || m.member.length === 0) {
    throw MessageError.invalidField('mention.member', 'must not be empty');
  }
  if (!Number.isSafeInteger(m.start) || !Number.isSafeInteger(m.length) || m.start < 0 || m.length < 1) {
    throw MessageError.invalidField('mention', 'must have a start ≥ 0 and a length ≥ 1');
  }
  if (m.start + m.length > text.length)
    throw MessageError.invalidField('mention', 'must lie inside the text');
}

function readMentions(r: WireReader, text: string): Mention[] {
  const n = r.varint('mentions', MSG_MAX_MENTIONS);
  const out: Mention[] = [];
  for (let i = 0; i < n; i++) {
    const member = r.str('mention.member', MSG_MAX_MEMBER_ID_BYTES);
    const start = r.varint('mention.start', MSG_MAX_TEXT_BYTES);
    const length = r.varint('mention.length', MSG_MAX_TEXT_BYTES);
    const m = { member, start, length };
    checkMention(m, text);
    out.push(m);
  }
  return out;
}

function writeOptHash(w: WireWriter, h: Uint8Array | undefined, field: string): void {
  if (h === undefined) w.u8(0);
  else w.u8(1).fixed(h, MSG_HASH_BYTES, field);
}

function readOptHash(r: WireReader, field: string): Uint8Array | undefined {
  return r.bool(field) ? r.fixed(MSG_HASH_BYTES, field) : undefined;
}

function writeId(w: WireWriter, id: string, field: string): void {
  w.fixed(messageIdBytes(id, field), MSG_ID_BYTES, field);
}

function readId(r: WireReader, field: string): string {
  return messageIdText(r.fixed(MSG_ID_BYTES, field));
}

function nonEmpty(s: string, field: string): string {
  if (s.length === 0) throw MessageError.invalidField(field, 'must not be empty');
  return s;
}

function checkRange(v: number, max: number, field: string): number {
  if (!Number.isSafeInteger(v) || v < 0)
    throw MessageError.invalidField(field, 'must be a safe non-negative integer');
  if (v > max) throw MessageError.tooLarge(field, max);
  return v;
}

function checkChunkSize(v: number): number {
  checkRange(v, MSG_MAX_CHUNK_BYTES, 'chunkSize');
  if (v < 1) throw MessageError.invalidField('chunkSize', 'must be at least 1');
  return v;
}

/**
 * Encodes a message.
 *
 * @param message - the content, the sender's clock and the timer it is sent under.
 * @returns the bytes to encrypt.
 * @throws MessageError MSG_INVALID_FIELD or MSG_TOO_LARGE for content outside the model.
 * @example
 * ```ts
 * const bytes = encodeMessage({ sentAt: Date.now(), expireAfter: 0, content: { kind: 'text', text: 'hi', mentions: [] } });
 * ```
 */
export function encodeMessage(message: PlainMessage): Uint8Array {
  const c = message.content;
  const code = Object.hasOwn(MESSAGE_KIND_CODES, c?.kind) ? MESSAGE_KIND_CODES[c.kind] : undefined;
  if (code === undefined) throw MessageError.invalidField('kind', 'is not a known kind');
  const w = new WireWriter(MSG_MAX_BYTES);
  w.u8(MESSAGE_FORMAT_VERSION).u8(code);
  w.varint(checkRange(message.sentAt, MAX_TIME, 'sentAt'), 'sentAt');
  w.varint(checkRange(message.expireAfter, MSG_MAX_TIMER_SECONDS, 'expireAfter'), 'expireAfter');
  switch (c.kind) {
    case 'text':
      w.str(c.text, MSG_MAX_TEXT_BYTES, 'text');
      writeMentions(w, c.text, c.mentions);
      break;
    case 'reply':
    case 'edit':
      writeId(w, c.target, 'target');
      w.str(c.text, MSG_MAX_TEXT_BYTES, 'text');
      writeMentions(w, c.text, c.mentions);
      break;
    case 'delete':
      writeId(w, c.target, 'target');
      break;
    case 'reaction':
      writeId(w, c.target, 'target');
      w.str(nonEmpty(c.emoji, 'emoji'), MSG_MAX_EMOJI_BYTES, 'emoji').u8(c.add ? 1 : 0);
      break;
    case 'receipt':
      writeId(w, c.upTo, 'upTo');
      break;
    case 'typing':
      w.u8(c.active ? 1 : 0);
      break;
    case 'timer':
      w.varint(checkRange(c.seconds, MSG_MAX_TIMER_SECONDS, 'seconds'), 'seconds');
      break;
    case 'profile':
      w.str(c.displayName, MSG_MAX_DISPLAY_NAME_BYTES, 'displayName');
      writeOptHash(w, c.avatarHash, 'avatarHash');
      break;
    case 'link-preview':
      writeId(w, c.target, 'target');
      w.str(nonEmpty(c.url, 'url'), MSG_MAX_URL_BYTES, 'url');
      w.str(c.title, MSG_MAX_TITLE_BYTES, 'title').str(
        c.description,
        MSG_MAX_DESCRIPTION_BYTES,
        'description',
      );
      writeOptHash(w, c.imageHash, 'imageHash');
      if (c.image) {
        const im = c.image;
        w.u8(1);
        w.str(nonEmpty(im.blobId, 'blobId'), MSG_MAX_BLOB_ID_BYTES, 'blobId');
        w.fixed(im.key, MSG_HASH_BYTES, 'key');
        w.varint(checkRange(im.size, MSG_MAX_ATTACHMENT_BYTES, 'size'), 'size');
        w.str(im.mime, MSG_MAX_MIME_BYTES, 'mime');
        w.varint(checkChunkSize(im.chunkSize), 'chunkSize');
        w.fixed(im.digest, MSG_HASH_BYTES, 'digest');
      }
      break;
    case 'attachment':
      w.str(nonEmpty(c.blobId, 'blobId'), MSG_MAX_BLOB_ID_BYTES, 'blobId');
      w.fixed(c.key, MSG_HASH_BYTES, 'key');
      w.varint(checkRange(c.size, MSG_MAX_ATTACHMENT_BYTES, 'size'), 'size');
      w.str(c.mime, MSG_MAX_MIME_BYTES, 'mime').str(c.name, MSG_MAX_FILE_NAME_BYTES, 'name');
      w.varint(checkChunkSize(c.chunkSize), 'chunkSize');
      w.fixed(c.digest, MSG_HASH_BYTES, 'digest');
      break;
  }
  return w.finish();
}

function decodeContent(kind: number, r: WireReader): MessageContent {
  switch (kind) {
    case 1: {
      const text = r.str('text', MSG_MAX_TEXT_BYTES);
      return { kind: 'text', text, mentions: readMentions(r, text) };
    }
    case 2:
    case 3: {
      const target = readId(r, 'target');
      const text = r.str('text', MSG_MAX_TEXT_BYTES);
      return { kind: kind === 2 ? 'reply' : 'edit', target, text, mentions: readMentions(r, text) };
    }
    case 4:
      return { kind: 'delete', target: readId(r, 'target') };
    case 5: {
      const target = readId(r, 'target');
      const emoji = nonEmpty(r.str('emoji', MSG_MAX_EMOJI_BYTES), 'emoji');
      return { kind: 'reaction', target, emoji, add: r.bool('add') };
    }
    case 6:
      return { kind: 'receipt', upTo: readId(r, 'upTo') };
    case 7:
      return { kind: 'typing', active: r.bool('active') };
    case 8:
      return { kind: 'timer', seconds: r.varint('seconds', MSG_MAX_TIMER_SECONDS) };
    case 9: {
      const displayName = r.str('displayName', MSG_MAX_DISPLAY_NAME_BYTES);
      const avatarHash = readOptHash(r, 'avatarHash');
      return avatarHash ? { kind: 'profile', displayName, avatarHash } : { kind: 'profile', displayName };
    }
    case 10: {
      const target = readId(r, 'target');
      const url = nonEmpty(r.str('url', MSG_MAX_URL_BYTES), 'url');
      const title = r.str('title', MSG_MAX_TITLE_BYTES);
      const description = r.str('description', MSG_MAX_DESCRIPTION_BYTES);
      const imageHash = readOptHash(r, 'imageHash');
      const base = { kind: 'link-preview', target, url, title, description } as const;
      let image: PreviewImage | undefined;
      if (!r.atEnd) {
        // present only when there is an image: a trailing 0x00 would be a second encoding of the same value
        if (!r.bool('image')) throw MessageError.malformed('image (absent must be left out)');
        const blobId = nonEmpty(r.str('blobId', MSG_MAX_BLOB_ID_BYTES), 'blobId');
        const key = r.fixed(MSG_HASH_BYTES, 'key');
        const size = r.varint('size', MSG_MAX_ATTACHMENT_BYTES);
        const mime = r.str('mime', MSG_MAX_MIME_BYTES);
        const chunkSize = checkChunkSize(r.varint('chunkSize', MSG_MAX_CHUNK_BYTES));
        const digest = r.fixed(MSG_HASH_BYTES, 'digest');
        image = { blobId, key, size, mime, chunkSize, digest };
      }
      return { ...base, ...(imageHash ? { imageHash } : {}), ...(image ? { image } : {}) };
    }
    case 11: {
      const blobId = nonEmpty(r.str('blobId', MSG_MAX_BLOB_ID_BYTES), 'blobId');
      const key = r.fixed(MSG_HASH_BYTES, 'key');
      const size = r.varint('size', MSG_MAX_ATTACHMENT_BYTES);
      const mime = r.str('mime', MSG_MAX_MIME_BYTES);
      const name = r.str('name', MSG_MAX_FILE_NAME_BYTES);
      const chunkSize = checkChunkSize(r.varint('chunkSize', MSG_MAX_CHUNK_BYTES));
      const digest = r.fixed(MSG_HASH_BYTES, 'digest');
      return { kind: 'attachment', blobId, key, size, mime, name, chunkSize, digest };
    }
    default:
      throw MessageError.unknownKind(kind);
  }
}

/**
 * Decodes a message strictly: every field is checked against its limit and domain, and every byte must be used.
 *
 * @param bytes - the decrypted plaintext.
 * @returns the message.
 * @throws MessageError (only): MSG_MALFORMED, MSG_TOO_LARGE, MSG_INVALID_FIELD, MSG_UNSUPPORTED_VERSION,
 *   MSG_UNKNOWN_KIND. Never any other exception, whatever the input.
 */
export function decodeMessage(bytes: Uint8Array): PlainMessage {
  if (!(bytes instanceof Uint8Array)) throw MessageError.malformed('not bytes');
  if (bytes.length > MSG_MAX_BYTES) throw MessageError.tooLarge('message', MSG_MAX_BYTES);
  const r = new WireReader(bytes);
  const version = r.u8('version');
  if (version !== MESSAGE_FORMAT_VERSION) throw MessageError.unsupportedVersion(version);
  const kind = r.u8('kind');
  const sentAt = r.varint('sentAt', MAX_TIME);
  const expireAfter = r.varint('expireAfter', MSG_MAX_TIMER_SECONDS);
  const content = decodeContent(kind, r);
  r.end();
  return { sentAt, expireAfter, content };
}

/** Whether a kind is ephemeral (never stored, never queued in the outbox): typing only. */
export function isEphemeralKind(kind: MessageKind): boolean {
  return kind === 'typing';
}
