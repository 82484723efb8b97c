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
import { ed25519Verify } from '../crypto/primitives/index.js';
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

/**
 * Encodes an envelope. With `signer`, the author's key and signature are included (group rooms).
 */
export function encodeContentEnvelope(
  env: { type: ContentTypeId; msgId: string; sentAt: number; content: Uint8Array },
  signer?: { identity: DeviceIdentity; roomId: string; epoch: bigint },
): Uint8Array {
  const head = header(env.type, env.msgId, env.sentAt);
  if (!signer) return concatBytes(head, env.content);
  const sig = signer.identity.sign(signedBytes(signer.roomId, signer.epoch, head, env.content));
  return concatBytes(head, signer.identity.publicIdentity.signingKey, sig, env.content);
}

/**
 * Decodes an envelope; with `signed`, verifies the author's signature.
 * @throws ClientError `CLIENT_UNDECRYPTABLE` when malformed or the signature does not verify.
 */
export function decodeContentEnvelope(
  bytes: Uint8Array,
  signed?: { roomId: string; epoch: bigint },
): ContentEnvelope {
  const min = HEADER + (signed ? SIGNED : 0);
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
  const head = bytes.subarray(0, HEADER);
  const msgId = toBase64url(bytes.subarray(2, 18));
  const sentAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(18);
  if (!Number.isFinite(sentAt)) throw ClientError.undecryptable('content envelope');
  if (!signed) return { type: type as ContentTypeId, msgId, sentAt, content: bytes.slice(HEADER) };
  const author = bytes.slice(HEADER, HEADER + 32);
  const sig = bytes.subarray(HEADER + 32, HEADER + SIGNED);
  const content = bytes.slice(HEADER + SIGNED);
  if (!ed25519Verify(author, signedBytes(signed.roomId, signed.epoch, head, content), sig)) {
    throw ClientError.undecryptable('content signature');
  }
  return { type: type as ContentTypeId, msgId, sentAt, author, content };
}
