/**
 * Encrypted, chunked, resumable uploads to the relay's blob store.
 *
 * The file is encrypted chunk by chunk (`chunk-cipher.ts`); chunks are grouped into segments, each uploaded as
 * one content-addressed blob, then a manifest listing the segments is uploaded. Only one segment of ciphertext
 * is in memory at a time. After each step the {@link UploadState} is handed to `onState` (store it, e.g. in the
 * encrypted store's `kv`: it holds the file key); passing it back as `resume` continues after the last segment
 * the relay acknowledged.
 *
 * @module
 */
import {
  type AeadSuite,
  type AeadSuiteId,
  DEFAULT_AEAD_SUITE,
  randomBytes,
  sha256Digest,
} from '../crypto/primitives/index.js';
import { fromBase64url, toBase64url } from '../protocol/index.js';
import { BlobClient } from './blob-client.js';
import { type AttachmentSuite, ChunkCipher, isAttachmentSuite } from './chunk-cipher.js';
import { AttachmentError } from './errors.js';
import type { AttachmentLayout } from './layout.js';
import { ATTACHMENT_CHUNK_BYTES, ATTACHMENT_MAX_BYTES, ATTACHMENT_SEGMENT_CHUNKS } from './limits.js';
import { checkGeometry, encodeManifest } from './manifest.js';
import type { AttachmentSource } from './source.js';
import type { AttachmentRef, TransferOptions } from './types.js';

/** Where an upload is; plain data (fits the store's `kv`). Contains the file key: keep it encrypted. */
export interface UploadState {
  readonly v: 1;
  readonly key: Uint8Array;
  readonly suite: number;
  readonly size: number;
  readonly chunkSize: number;
  readonly segmentChunks: number;
  /** Blob ids of the segments encrypted so far, in order (the last one may not be uploaded yet). */
  readonly segmentIds: readonly string[];
  /** How many of them the relay acknowledged. */
  readonly uploaded: number;
}

/** Options of {@link uploadAttachment}. */
export interface UploadOptions extends TransferOptions {
  /** A state saved by an interrupted upload of the same file. */
  readonly resume?: UploadState;
  /**
   * With `resume`: first re-encrypt the part already uploaded and check it against the stored segment ids
   * (SHA-256 of each segment's ciphertext under the same key and nonces), so a different or edited file is
   * refused (`ATTACHMENT_SOURCE_CHANGED`) even where it was sent before. Costs one encryption pass over that
   * part, no network. @default false (only the next segment is checked)
   */
  readonly verifyResume?: boolean;
  /** Called (and awaited) with the new state before each segment is sent and after the relay acknowledged it. */
  readonly onState?: (state: UploadState) => void | Promise<void>;
  /** Plaintext bytes per chunk. @default 256 KiB */
  readonly chunkSize?: number;
  /** Chunks per uploaded blob. @default 16 */
  readonly segmentChunks?: number;
  /** Use WebCrypto for AES-256-GCM where available (same bytes, much faster). @default true */
  readonly accelerate?: boolean;
  /** AEAD suite. @default AES-256-GCM */
  readonly suite?: typeof AeadSuite.AES_256_GCM | typeof AeadSuite.CHACHA20_POLY1305;
}

/** Reads and encrypts one segment: its ciphertext (exactly sized, so memory is one segment). */
async function encryptSegment(
  source: AttachmentSource,
  layout: AttachmentLayout,
  s: number,
  cipher: ChunkCipher,
): Promise<Uint8Array> {
  const out = new Uint8Array(layout.segmentBytes(s));
  let pos = 0;
  for (let i = layout.firstChunk(s); i < layout.endChunk(s); i++) {
    const length = layout.chunkLength(i);
    const plain = await source.read(layout.plaintextBefore(i), length);
    if (plain.length !== length) throw AttachmentError.sourceChanged();
    const ct = await cipher.seal(i, layout.isFinal(i), plain);
    out.set(ct, pos);
    pos += ct.length;
  }
  return out;
}

function checkState(state: UploadState, size: number): AttachmentLayout {
  if (
    typeof state !== 'object' ||
    state === null ||
    state.v !== 1 ||
    !(state.key instanceof Uint8Array) ||
    state.key.length !== 32 ||
    !isAttachmentSuite(state.suite) ||
    !Array.isArray(state.segmentIds) ||
    !Number.isInteger(state.uploaded) ||
    state.uploaded < 0 ||
    state.uploaded > state.segmentIds.length
  ) {
    throw AttachmentError.badResumeState('shape');
  }
  if (state.size !== size) throw AttachmentError.sourceChanged();
  let layout: AttachmentLayout;
  try {
    layout = checkGeometry(state.size, state.chunkSize, state.segmentChunks);
  } catch {
    throw AttachmentError.badResumeState('geometry');
  }
  if (state.segmentIds.length > layout.segmentCount) throw AttachmentError.badResumeState('segments');
  return layout;
}

/**
 * Encrypts and uploads a file; resumes from `options.resume`.
 *
 * @param source - the plaintext (random access).
 * @param options - relay, progress, resume state, abort signal.
 * @returns the reference a message carries (add `mime` and `name` for the attachment content).
 * @throws AttachmentError ATTACHMENT_TOO_LARGE, ATTACHMENT_ABORTED, ATTACHMENT_SOURCE_CHANGED,
 *   ATTACHMENT_BAD_RESUME_STATE, and the transfer errors of the blob endpoint.
 * @example
 * ```ts
 * const ref = await uploadAttachment(blobSource(file), { relay, onProgress, onState: (s) => store.kv.set(k, s) });
 * ```
 */
export async function uploadAttachment(
  source: AttachmentSource,
  options: UploadOptions,
): Promise<AttachmentRef> {
  if (source.size > ATTACHMENT_MAX_BYTES) throw AttachmentError.tooLarge(ATTACHMENT_MAX_BYTES);
  const suite = options.resume?.suite ?? options.suite ?? DEFAULT_AEAD_SUITE;
  if (!isAttachmentSuite(suite)) throw AttachmentError.malformed('suite');
  let state: UploadState = options.resume ?? {
    v: 1,
    key: randomBytes(32),
    suite,
    size: source.size,
    chunkSize: options.chunkSize ?? ATTACHMENT_CHUNK_BYTES,
    segmentChunks: options.segmentChunks ?? ATTACHMENT_SEGMENT_CHUNKS,
    segmentIds: [],
    uploaded: 0,
  };
  let layout: AttachmentLayout;
  try {
    layout = checkState(state, source.size);
  } catch (err) {
    if (options.resume) throw err;
    throw AttachmentError.malformed('chunk or segment size');
  }
  const client = new BlobClient(options);
  const { signal, onProgress } = options;
  const save = async (next: UploadState) => {
    state = next;
    await options.onState?.(state);
  };
  const progress = (segments: number) =>
    onProgress?.({
      phase: 'upload',
      bytes: layout.plaintextBefore(layout.firstChunk(segments)),
      total: source.size,
    });

  const cipher = new ChunkCipher(state.suite as AttachmentSuite, state.key, options.accelerate ?? true);
  if (options.resume && options.verifyResume) {
    for (let s = 0; s < state.segmentIds.length; s++) {
      if (signal?.aborted) throw AttachmentError.aborted();
      const ct = await encryptSegment(source, layout, s, cipher);
      if (toBase64url(sha256Digest(ct)) !== state.segmentIds[s]) throw AttachmentError.sourceChanged();
    }
  }
  if (options.resume) {
    // Segments the relay dropped since (blob TTL) are uploaded again; their ids are kept, so a changed file is
    // still refused before anything is sent.
    for (let s = 0; s < state.uploaded; s++) {
      if (!(await client.has(state.segmentIds[s] as string, signal))) {
        await save({ ...state, uploaded: s });
        break;
      }
    }
  }
  progress(state.uploaded);
  for (let s = state.uploaded; s < layout.segmentCount; s++) {
    if (signal?.aborted) throw AttachmentError.aborted();
    const ct = await encryptSegment(source, layout, s, cipher);
    const id = toBase64url(sha256Digest(ct));
    const known = state.segmentIds[s];
    // Same key and nonces: different bytes here would mean a changed file. Refuse before sending anything.
    if (known !== undefined && known !== id) throw AttachmentError.sourceChanged();
    if (known === undefined) await save({ ...state, segmentIds: [...state.segmentIds, id] });
    await client.put(id, ct, signal);
    await save({ ...state, uploaded: s + 1 });
    progress(s + 1);
  }
  const manifest = encodeManifest({
    suite: state.suite as AeadSuiteId,
    size: state.size,
    chunkSize: state.chunkSize,
    segmentChunks: state.segmentChunks,
    segments: state.segmentIds.map((id) => fromBase64url(id, 'segment id')),
  });
  const digest = sha256Digest(manifest);
  const blobId = toBase64url(digest);
  await client.put(blobId, manifest, signal);
  onProgress?.({ phase: 'upload', bytes: source.size, total: source.size });
  return { blobId, key: state.key, size: state.size, chunkSize: state.chunkSize, digest };
}
