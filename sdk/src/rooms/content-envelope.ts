/**
 * The content envelope: the plaintext inside every MLS application message and every 1:1 ratchet message. A
 * small typed header and opaque content bytes, so a content codec (rich messages, edits, reactions,
 * attachments) can be plugged in by adding types without touching encryption.
 *
 * ```text
 * envelope = 0x01 || type (1) || msgId (16) || sentAt (float64 BE, ms) || signed? || content
 * signed   = author Ed25519 key (32) || Ed25519 signature (64)          (group rooms only)
 * signature over  utf8(LABEL_CONTENT_SIGNATURE) || 0x00 || lp16(utf8(roomId)) || u64(mlsEpoch)
 *                 || 0x01 || type || msgId || sentAt || content
 * ```
 * `msgId` must equal the relay envelope's, so a relay cannot replay content under another id. 1:1 messages
 * are authenticated by the ratchet (the peer's identity came from PQXDH) and carry no signature.
 * @module
 */
import { concatBytes, lp16, u64, utf8 } from '../crypto/bytes.js';
import type { DeviceIdentity } from '../crypto/identity/index.js';
import { ed25519VerifyAsync } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import { fromBase64url, toBase64url } from '../protocol/index.js';
import { LABEL_CONTENT_SIGNATURE } from './labels.js';

/** The content-envelope version. */
export const CONTENT_ENVELOPE_VERSION = 0x01;

/** Content types. `CONTENT` is opaque bytes for an application codec. */
export const ContentType = {
  TEXT: 0x01,
  CONTENT: 0x02,
  PROFILE: 0x03,
  INVITE: 0x04,
  LEAVE: 0x05,
  /** A message of the content codec (`encodeMessage` of `sdk/src/messages`): texts, replies, edits, deletes, reactions, receipts, typing, timers, attachments. */
  MESSAGE: 0x06,
  /** A fragment of a call signal (`sdk/src/calls/signal-fragments.ts`); accepted only as an ephemeral signal. */
  CALL: 0x07,
} as const;
/** A content type. */
export type ContentTypeId = (typeof ContentType)[keyof typeof ContentType];

const HEADER = 2 + 16 + 8;
const SIGNED = 32 + 64;

/** A decoded content envelope. */
export interface ContentEnvelope {
  type: ContentTypeId;
  msgId: string;
  sentAt: number;
  /** The author's Ed25519 key (group rooms). */
  author?: Uint8Array;
  content: Uint8Array;
}

function header(type: ContentTypeId, msgId: string, sentAt: number): Uint8Array {
  const h = new Uint8Array(HEADER);
  h[0] = CONTENT_ENVELOPE_VERSION;
  h[1] = type;
  const id = fromBase64url(msgId, 'msgId');
  if (id.length !== 16) throw ClientError.invalidArgument('msgId', '16 bytes');
  h.set(id, 2);
  new DataView(h.buffer).setFloat64(18, sentAt);
  return h;
}

function signedBytes(roomId: string, epoch: bigint, head: Uint8Array, content: Uint8Array): Uint8Array {
  return concatBytes(
    utf8(LABEL_CONTENT_SIGNATURE),
    new Uint8Array([0]),
    lp16(utf8(roomId)),
    u64(epoch),
    head,
    content,
  );
}

/** An unsigned envelope (1:1 rooms: the ratchet authenticates the peer). */
export function encodeContentEnvelope(env: {
  type: ContentTypeId;
  msgId: string;
  sentAt: number;
  content: Uint8Array;
}): Uint8Array {
  return concatBytes(header(env.type, env.msgId, env.sentAt), env.content);
}

/**
 * A signed envelope (group rooms): the author's identity key and its Ed25519 signature, made through the
 * platform's WebCrypto where it has Ed25519 (noble in JavaScript costs a browser's Worker about 0.5 ms per
 * message; the bytes are the same, Ed25519 being deterministic).
 */
export async function encodeSignedContentEnvelope(
  env: { type: ContentTypeId; msgId: string; sentAt: number; content: Uint8Array },
  signer: { identity: DeviceIdentity; roomId: string; epoch: bigint },
): Promise<Uint8Array> {
  const head = header(env.type, env.msgId, env.sentAt);
  const sig = await signer.identity.signAsync(signedBytes(signer.roomId, signer.epoch, head, env.content));
  return concatBytes(head, signer.identity.publicIdentity.signingKey, sig, env.content);
}

/** The fixed fields of an envelope, checked. @throws ClientError `CLIENT_UNDECRYPTABLE` */
function decodeHead(
  bytes: Uint8Array,
  min: number,
): { type: ContentTypeId; msgId: string; sentAt: number; head: Uint8Array } {
  const type = bytes[1];
  if (
    bytes.length < min ||
    bytes[0] !== CONTENT_ENVELOPE_VERSION ||
    type === undefined ||
    type < 1 ||
    type > ContentType.CALL
  ) {
    throw ClientError.undecryptable('content envelope');
  }
  const msgId = toBase64url(bytes.subarray(2, 18));
  const sentAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(18);
  if (!Number.isFinite(sentAt)) throw ClientError.undecryptable('content envelope');
  return { type: type as ContentTypeId, msgId, sentAt, head: bytes.subarray(0, HEADER) };
}

/**
 * Decodes an unsigned envelope (1:1 rooms).
 * @throws ClientError `CLIENT_UNDECRYPTABLE` when malformed.
 */
export function decodeContentEnvelope(bytes: Uint8Array): ContentEnvelope {
  const { type, msgId, sentAt } = decodeHead(bytes, HEADER);
  return { type, msgId, sentAt, content: bytes.slice(HEADER) };
}

/**
 * Decodes a signed envelope (group rooms) and verifies its author's signature over the room and epoch (through
 * WebCrypto where the platform has Ed25519, with the same strict checks as noble's verifier).
 * @throws ClientError `CLIENT_UNDECRYPTABLE` when malformed or the signature does not verify.
 */
export async function decodeSignedContentEnvelope(
  bytes: Uint8Array,
  signed: { roomId: string; epoch: bigint },
): Promise<ContentEnvelope> {
  const { type, msgId, sentAt, head } = decodeHead(bytes, HEADER + SIGNED);
  const author = bytes.slice(HEADER, HEADER + 32);
  const sig = bytes.subarray(HEADER + 32, HEADER + SIGNED);
  const content = bytes.slice(HEADER + SIGNED);
  if (!(await ed25519VerifyAsync(author, signedBytes(signed.roomId, signed.epoch, head, content), sig))) {
    throw ClientError.undecryptable('content signature');
  }
  return { type, msgId, sentAt, author, content };
}
