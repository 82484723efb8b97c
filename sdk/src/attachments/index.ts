/**
 * Attachments: files encrypted in chunks with a per-file key, uploaded to the relay's blob store as
 * content-addressed segments plus a manifest, with progress events and resumable uploads and downloads.
 *
 * @module
 */
export { BlobClient, blobBaseUrl } from './blob-client.js';
export {
  type AttachmentSuite,
  CHUNK_OVERHEAD,
  ChunkCipher,
  chunkNonce,
  isAttachmentSuite,
  openChunk,
  sealChunk,
} from './chunk-cipher.js';
export {
  type DownloadOptions,
  type DownloadState,
  downloadAttachment,
  downloadAttachmentBytes,
  fetchManifest,
} from './download.js';
export { ATTACHMENT_ERROR_CODES, AttachmentError, type AttachmentErrorCode } from './errors.js';
export { LABEL_ATTACHMENT_CHUNK } from './labels.js';
export { AttachmentLayout } from './layout.js';
export {
  ATTACHMENT_CHUNK_BYTES,
  ATTACHMENT_MAX_ATTEMPTS,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_CHUNK_BYTES,
  ATTACHMENT_MAX_SEGMENT_BYTES,
  ATTACHMENT_MAX_SEGMENTS,
  ATTACHMENT_SEGMENT_CHUNKS,
} from './limits.js';
export { type AttachmentTransfer, loadTransfer } from './load-transfer.js';
export { decodeManifest, encodeManifest, MANIFEST_VERSION, type Manifest } from './manifest.js';
export { type AttachmentSource, blobSource, bytesSource } from './source.js';
export type { AttachmentRef, BlobEndpoint, TransferOptions, TransferProgress } from './types.js';
export { type UploadOptions, type UploadState, uploadAttachment } from './upload.js';
