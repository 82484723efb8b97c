/**
 * Streaming, resumable downloads of encrypted attachments.
 *
 * Fetches the manifest and checks it against the reference's digest, then streams each segment (from the
 * first chunk still missing, with an HTTP range request) and yields the plaintext chunk by chunk after it
 * authenticated: memory is one chunk. The {@link DownloadState} after each chunk is handed to `onState`;
 * passing it back as `resume` continues with the next chunk.
 *
 * @module
 */
import { equalBytes } from '../crypto/bytes.js';
import { sha256Digest } from '../crypto/primitives/index.js';
import { toBase64url } from '../protocol/index.js';
import { BlobClient } from './blob-client.js';
import { type AttachmentSuite, CHUNK_OVERHEAD, ChunkCipher } from './chunk-cipher.js';
import { AttachmentError } from './errors.js';
import type { AttachmentLayout } from './layout.js';
import { ATTACHMENT_MAX_SEGMENTS } from './limits.js';
import { checkGeometry, decodeManifest, type Manifest } from './manifest.js';
import type { AttachmentRef, TransferOptions } from './types.js';

/** Where a download is: the next chunk to fetch. Plain data. */
export interface DownloadState {
  readonly v: 1;
  /** The manifest's blob id (the state belongs to this attachment only). */
  readonly blobId: string;
  /** Index of the next chunk to fetch and yield. */
  readonly nextChunk: number;
}

/** Options of {@link downloadAttachment}. */
export interface DownloadOptions extends TransferOptions {
  /** A state saved by an interrupted download of the same attachment. */
  readonly resume?: DownloadState;
  /** Use WebCrypto for AES-256-GCM where available (same bytes, much faster). @default true */
  readonly accelerate?: boolean;
  /** Called with the new state after each chunk was yielded. */
  readonly onState?: (state: DownloadState) => void | Promise<void>;
}

const MAX_MANIFEST_BYTES = 26 + 32 * ATTACHMENT_MAX_SEGMENTS;

async function readAll(res: Response, max: number): Promise<Uint8Array> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      await reader.cancel();
      throw AttachmentError.malformed('manifest too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Fetches and checks the manifest of an attachment.
 * @throws AttachmentError ATTACHMENT_DIGEST_MISMATCH, ATTACHMENT_MALFORMED, ATTACHMENT_NOT_FOUND, transfer errors.
 */
export async function fetchManifest(
  client: BlobClient,
  ref: AttachmentRef,
  signal?: AbortSignal,
): Promise<Manifest> {
  const bytes = await readAll(await client.get(ref.blobId, 0, signal), MAX_MANIFEST_BYTES);
  if (!equalBytes(sha256Digest(bytes), ref.digest)) throw AttachmentError.digestMismatch('manifest');
  const m = decodeManifest(bytes);
  if (m.size !== ref.size || m.chunkSize !== ref.chunkSize)
    throw AttachmentError.malformed('manifest and reference differ');
  return m;
}

/**
 * Downloads, authenticates and decrypts an attachment, yielding plaintext chunks in order.
 *
 * @param ref - from the message's attachment content.
 * @param options - relay, progress, resume state, abort signal.
 * @throws AttachmentError ATTACHMENT_DECRYPT_FAILED (wrong key, tampering), ATTACHMENT_TRUNCATED,
 *   ATTACHMENT_DIGEST_MISMATCH, ATTACHMENT_MALFORMED, ATTACHMENT_BAD_RESUME_STATE, ATTACHMENT_ABORTED and the
 *   transfer errors of the blob endpoint. Chunks already yielded were authentic.
 * @example
 * ```ts
 * for await (const chunk of downloadAttachment(ref, { relay, onProgress })) await file.write(chunk);
 * ```
 */
export async function* downloadAttachment(
  ref: AttachmentRef,
  options: DownloadOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const client = new BlobClient(options);
  const { signal, onProgress } = options;
  const m = await fetchManifest(client, ref, signal);
  const layout: AttachmentLayout = checkGeometry(m.size, m.chunkSize, m.segmentChunks);
  let next = 0;
  if (options.resume) {
    const r = options.resume;
    if (
      r?.v !== 1 ||
      r.blobId !== ref.blobId ||
      !Number.isInteger(r.nextChunk) ||
      r.nextChunk < 0 ||
      r.nextChunk > layout.chunkCount
    ) {
      throw AttachmentError.badResumeState('does not belong to this attachment');
    }
    next = r.nextChunk;
  }
  onProgress?.({ phase: 'download', bytes: layout.plaintextBefore(next), total: m.size });
  const cipher = new ChunkCipher(m.suite as AttachmentSuite, ref.key, options.accelerate ?? true);
  const buf = new Uint8Array(m.chunkSize + CHUNK_OVERHEAD);
  while (next < layout.chunkCount) {
    if (signal?.aborted) throw AttachmentError.aborted();
    const s = Math.floor(next / m.segmentChunks);
    const segmentId = toBase64url(m.segments[s] as Uint8Array);
    const res = await client.get(segmentId, layout.offsetInSegment(next), signal);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    try {
      const end = layout.endChunk(s);
      let want = layout.chunkLength(next) + CHUNK_OVERHEAD;
      let have = 0;
      for (;;) {
        let read: ReadableStreamReadResult<Uint8Array>;
        try {
          read = await reader.read();
        } catch (err) {
          if (signal?.aborted) throw AttachmentError.aborted();
          throw AttachmentError.network(err);
        }
        if (read.done) break;
        let value = read.value;
        while (value.length > 0) {
          if (next >= end) throw AttachmentError.truncated('data after the last chunk of a segment');
          const take = Math.min(want - have, value.length);
          buf.set(value.subarray(0, take), have);
          have += take;
          value = value.subarray(take);
          if (have === want) {
            const plain = await cipher.open(next, layout.isFinal(next), buf.slice(0, want));
            next++;
            yield plain;
            await options.onState?.({ v: 1, blobId: ref.blobId, nextChunk: next });
            onProgress?.({ phase: 'download', bytes: layout.plaintextBefore(next), total: m.size });
            if (signal?.aborted) throw AttachmentError.aborted();
            have = 0;
            if (next < end) want = layout.chunkLength(next) + CHUNK_OVERHEAD;
          }
        }
      }
      if (next < end) throw AttachmentError.truncated(`segment ${s} ended early`);
    } finally {
      await reader.cancel().catch(() => {});
    }
  }
}

/**
 * Downloads a whole attachment into memory (for small files; stream with {@link downloadAttachment} otherwise).
 */
export async function downloadAttachmentBytes(
  ref: AttachmentRef,
  options: DownloadOptions,
): Promise<Uint8Array> {
  const out = new Uint8Array(ref.size);
  let o = 0;
  for await (const chunk of downloadAttachment(ref, options)) {
    if (o + chunk.length > out.length) throw AttachmentError.truncated('more data than the declared size');
    out.set(chunk, o);
    o += chunk.length;
  }
  if (o !== out.length) throw AttachmentError.truncated('less data than the declared size');
  return out;
}
