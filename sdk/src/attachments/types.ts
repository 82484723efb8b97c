/**
 * Shared types of attachment transfers.
 *
 * @module
 */
import type { Clock } from '../transport/index.js';

/** Progress of an upload or download; `bytes` never decreases and ends at `total`. */
export interface TransferProgress {
  readonly phase: 'upload' | 'download';
  /** Plaintext bytes done. */
  readonly bytes: number;
  /** Plaintext bytes in all. */
  readonly total: number;
}

/** What a receiver needs to fetch and decrypt an attachment (the message's attachment content carries it). */
export interface AttachmentRef {
  /** Relay address of the manifest. */
  readonly blobId: string;
  /** The per-file key. */
  readonly key: Uint8Array;
  /** Plaintext size. */
  readonly size: number;
  /** Plaintext bytes per chunk. */
  readonly chunkSize: number;
  /** SHA-256 of the manifest. */
  readonly digest: Uint8Array;
}

/** How to reach the relay's blob endpoint. */
export interface BlobEndpoint {
  /** The relay URL: `ws(s)://` (as given to the client) or `http(s)://`. */
  readonly relay: string;
  /** The fetch implementation. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Timers for retry delays. @default the platform's */
  readonly clock?: Clock;
  /** Uniform random for retry jitter. @default Math.random */
  readonly random?: () => number;
  /** Attempts per request on 429, 5xx and network failures. @default 6 */
  readonly maxAttempts?: number;
  /** First retry delay cap, ms. @default 500 */
  readonly retryBaseMs?: number;
}

/** Options shared by uploads and downloads. */
export interface TransferOptions extends BlobEndpoint {
  /** Aborts the transfer with `ATTACHMENT_ABORTED`; the saved state resumes it. */
  readonly signal?: AbortSignal;
  /** Called with monotonic progress. */
  readonly onProgress?: (p: TransferProgress) => void;
}
