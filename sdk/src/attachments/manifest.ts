/**
 * The manifest: a small blob listing the segments of an encrypted file. Its SHA-256 is the attachment's
 * `digest` (carried end-to-end encrypted in the message), so it commits to every ciphertext byte whatever store
 * holds the blobs; its base64url SHA-256 is also its relay address.
 *
 * ```text
 *  0   4  magic "CTAM"
 *  4   1  version = 1
 *  5   1  AEAD suite (0x01 AES-256-GCM, 0x02 ChaCha20-Poly1305)
 *  6   4  chunkSize      u32be (1 .. 4 MiB)
 * 10   4  segmentChunks  u32be (≥ 1; segment ciphertext ≤ 24 MiB)
 * 14   8  size           u64be (plaintext bytes, ≤ 2 GiB)
 * 22   4  segmentCount   u32be (= ceil(max(1, ceil(size / chunkSize)) / segmentChunks), ≤ 8192)
 * 26  32n SHA-256 of each segment's ciphertext (its blob id is the base64url of it)
 * ```
 *
 * @module
 */
import type { AeadSuiteId } from '../crypto/primitives/index.js';
import { CHUNK_OVERHEAD, isAttachmentSuite } from './chunk-cipher.js';
import { AttachmentError } from './errors.js';
import { AttachmentLayout } from './layout.js';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_CHUNK_BYTES,
  ATTACHMENT_MAX_SEGMENT_BYTES,
  ATTACHMENT_MAX_SEGMENTS,
} from './limits.js';

const MAGIC = [0x43, 0x54, 0x41, 0x4d]; // "CTAM"
const HEADER = 26;

/** The manifest format version. */
export const MANIFEST_VERSION = 1;

/** A decoded manifest. */
export interface Manifest {
  readonly suite: AeadSuiteId;
  readonly size: number;
  readonly chunkSize: number;
  readonly segmentChunks: number;
  /** SHA-256 of each segment. */
  readonly segments: readonly Uint8Array[];
}

/**
 * Checks the geometry; returns the layout.
 * @throws AttachmentError ATTACHMENT_MALFORMED or ATTACHMENT_TOO_LARGE.
 */
export function checkGeometry(size: number, chunkSize: number, segmentChunks: number): AttachmentLayout {
  if (!Number.isSafeInteger(size) || size < 0) throw AttachmentError.malformed('size');
  if (size > ATTACHMENT_MAX_BYTES) throw AttachmentError.tooLarge(ATTACHMENT_MAX_BYTES);
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > ATTACHMENT_MAX_CHUNK_BYTES) {
    throw AttachmentError.malformed('chunk size');
  }
  if (
    !Number.isInteger(segmentChunks) ||
    segmentChunks < 1 ||
    segmentChunks * (chunkSize + CHUNK_OVERHEAD) > ATTACHMENT_MAX_SEGMENT_BYTES
  ) {
    throw AttachmentError.malformed('segment size');
  }
  const layout = new AttachmentLayout(size, chunkSize, segmentChunks);
  if (layout.segmentCount > ATTACHMENT_MAX_SEGMENTS) throw AttachmentError.malformed('too many segments');
  return layout;
}

/** Encodes a manifest. */
export function encodeManifest(m: Manifest): Uint8Array {
  const layout = checkGeometry(m.size, m.chunkSize, m.segmentChunks);
  if (m.segments.length !== layout.segmentCount) throw AttachmentError.malformed('segment count');
  const out = new Uint8Array(HEADER + 32 * m.segments.length);
  const dv = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = MANIFEST_VERSION;
  out[5] = m.suite;
  dv.setUint32(6, m.chunkSize);
  dv.setUint32(10, m.segmentChunks);
  dv.setBigUint64(14, BigInt(m.size));
  dv.setUint32(22, m.segments.length);
  m.segments.forEach((h, i) => {
    if (h.length !== 32) throw AttachmentError.malformed('segment digest');
    out.set(h, HEADER + 32 * i);
  });
  return out;
}

/**
 * Decodes a manifest strictly.
 * @throws AttachmentError ATTACHMENT_MALFORMED (only), whatever the bytes.
 */
export function decodeManifest(bytes: Uint8Array): Manifest {
  if (bytes.length < HEADER || (bytes.length - HEADER) % 32 !== 0)
    throw AttachmentError.malformed('manifest length');
  if (MAGIC.some((b, i) => bytes[i] !== b)) throw AttachmentError.malformed('manifest magic');
  if (bytes[4] !== MANIFEST_VERSION) throw AttachmentError.malformed('manifest version');
  const suite = bytes[5] as number;
  if (!isAttachmentSuite(suite)) throw AttachmentError.malformed('manifest suite');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunkSize = dv.getUint32(6);
  const segmentChunks = dv.getUint32(10);
  const size64 = dv.getBigUint64(14);
  if (size64 > BigInt(ATTACHMENT_MAX_BYTES)) throw AttachmentError.malformed('size');
  const count = dv.getUint32(22);
  let layout: AttachmentLayout;
  try {
    layout = checkGeometry(Number(size64), chunkSize, segmentChunks);
  } catch {
    throw AttachmentError.malformed('geometry');
  }
  if (count !== layout.segmentCount || bytes.length !== HEADER + 32 * count) {
    throw AttachmentError.malformed('segment count');
  }
  const segments: Uint8Array[] = [];
  for (let i = 0; i < count; i++) segments.push(bytes.slice(HEADER + 32 * i, HEADER + 32 * (i + 1)));
  return { suite, size: Number(size64), chunkSize, segmentChunks, segments };
}
