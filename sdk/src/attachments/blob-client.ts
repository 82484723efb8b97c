/**
 * HTTP access to the relay's blob store (`relay/src/features/blobs`): `PUT|GET|HEAD /v1/blobs/<id>` where `id`
 * is the base64url SHA-256 of the bytes, single byte ranges on GET (RFC 9110 §14), 413 too large, 507 quota,
 * 429 rate limited, 404 absent or expired. Retries 429, 5xx and network failures with jittered backoff.
 *
 * @module
 */
import { Backoff, SYSTEM_CLOCK } from '../transport/index.js';
import { AttachmentError } from './errors.js';
import { ATTACHMENT_MAX_ATTEMPTS } from './limits.js';
import type { BlobEndpoint } from './types.js';

/** The HTTP base URL of a relay given as ws(s):// or http(s)://. */
export function blobBaseUrl(relay: string): string {
  const u = new URL(relay);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  else if (u.protocol === 'wss:') u.protocol = 'https:';
  else if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TypeError('relay URL must be ws(s) or http(s)');
  return `${u.origin}/v1/blobs/`;
}

function sleep(ms: number, clock: BlobEndpoint['clock'], signal: AbortSignal | undefined): Promise<void> {
  const c = clock ?? SYSTEM_CLOCK;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(AttachmentError.aborted());
    const onAbort = () => {
      c.clearTimeout(handle);
      reject(AttachmentError.aborted());
    };
    const handle = c.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A client of one relay's blob endpoint. */
export class BlobClient {
  private readonly base: string;
  private readonly fetchFn: typeof fetch;

  /** @param endpoint - where and how. */
  constructor(private readonly endpoint: BlobEndpoint) {
    this.base = blobBaseUrl(endpoint.relay);
    const f = endpoint.fetch ?? globalThis.fetch;
    if (typeof f !== 'function') throw new TypeError('no fetch implementation');
    this.fetchFn = f;
  }

  private async request(id: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response> {
    const backoff = new Backoff({
      baseMs: this.endpoint.retryBaseMs ?? 500,
      maxMs: 30_000,
      ...(this.endpoint.random ? { random: this.endpoint.random } : {}),
    });
    const max = this.endpoint.maxAttempts ?? ATTACHMENT_MAX_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw AttachmentError.aborted();
      let res: Response | undefined;
      let failure: AttachmentError;
      try {
        res = await this.fetchFn(this.base + id, { ...init, ...(signal ? { signal } : {}) });
      } catch (err) {
        if (signal?.aborted) throw AttachmentError.aborted();
        res = undefined;
        failure = AttachmentError.network(err);
      }
      if (res) {
        if (res.status !== 429 && res.status < 500) return res;
        await res.body?.cancel().catch(() => {});
        failure =
          res.status === 429 ? AttachmentError.rateLimited(attempt) : AttachmentError.http(res.status);
        if (res.status === 507) throw AttachmentError.quota();
      }
      if (attempt >= max) throw failure!;
      await sleep(backoff.nextDelay() ?? 0, this.endpoint.clock, signal);
    }
  }

  /**
   * Uploads a blob under its id.
   * @throws AttachmentError ATTACHMENT_TOO_LARGE, ATTACHMENT_QUOTA, ATTACHMENT_RATE_LIMITED, ATTACHMENT_HTTP,
   *   ATTACHMENT_NETWORK, ATTACHMENT_ABORTED.
   */
  async put(id: string, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
    const res = await this.request(
      id,
      { method: 'PUT', body: bytes as BodyInit, headers: { 'content-type': 'application/octet-stream' } },
      signal,
    );
    await res.body?.cancel().catch(() => {});
    if (res.status === 201 || res.status === 200 || res.status === 204) return;
    if (res.status === 413) throw AttachmentError.tooLarge(bytes.length - 1);
    throw AttachmentError.http(res.status);
  }

  /** Whether the relay holds a live blob with this id. */
  async has(id: string, signal?: AbortSignal): Promise<boolean> {
    const res = await this.request(id, { method: 'HEAD' }, signal);
    await res.body?.cancel().catch(() => {});
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw AttachmentError.http(res.status);
  }

  /**
   * Reads a blob, whole or from byte `start` to its end.
   * @returns the response, whose body streams the bytes.
   * @throws AttachmentError ATTACHMENT_NOT_FOUND, ATTACHMENT_HTTP, ATTACHMENT_NETWORK, ATTACHMENT_ABORTED.
   */
  async get(id: string, start = 0, signal?: AbortSignal): Promise<Response> {
    const res = await this.request(id, start > 0 ? { headers: { range: `bytes=${start}-` } } : {}, signal);
    if (res.status === 404) throw AttachmentError.notFound();
    if (res.status === (start > 0 ? 206 : 200) && res.body) return res;
    await res.body?.cancel().catch(() => {});
    throw AttachmentError.http(res.status);
  }
}
