import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IpLimits } from '../../limits/index.js';
import type { RelayMetrics } from '../../metrics.js';
import { BLOB_ID_RE, type BlobStore } from './blob-store.js';

/** HTTP path prefix of blobs: `PUT|GET|HEAD /v1/blobs/<sha256 base64url>`. */
export const BLOB_PREFIX = '/v1/blobs/';

const STATUS: Record<string, [number, string]> = {
  'too-large': [413, 'blob too large'],
  quota: [507, 'blob quota exhausted'],
  'hash-mismatch': [422, 'content does not match its hash'],
  aborted: [400, 'upload aborted'],
};

/** Parses a single `bytes=a-b` range (RFC 9110 §14.1.2). */
function parseRange(header: string | undefined, size: number): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || start > end || start >= size) return 'invalid';
  return [start, end];
}

/**
 * Serves blob uploads and downloads.
 * @returns whether the request was a blob request (and was answered).
 */
export async function handleBlobRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ip: string,
  deps: {
    blobs: BlobStore;
    ipLimits: IpLimits;
    metrics: RelayMetrics;
    now(): number;
    cors(res: ServerResponse): boolean;
  },
): Promise<boolean> {
  const url = req.url ?? '';
  if (!url.startsWith(BLOB_PREFIX)) return false;
  if (!deps.cors(res)) {
    res.writeHead(403).end();
    return true;
  }
  const id = url.slice(BLOB_PREFIX.length).split('?')[0] ?? '';
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, HEAD, PUT',
      'access-control-allow-headers': 'range, content-type',
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  }
  if (!BLOB_ID_RE.test(id)) {
    res.writeHead(404).end();
    return true;
  }
  if (req.method === 'PUT') {
    if (!deps.ipLimits.upload(ip, deps.now())) {
      deps.metrics.rateLimited.inc({ scope: 'upload' });
      res.writeHead(429).end();
      req.resume();
      return true;
    }
    const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    const r = await deps.blobs.put(id, req, Number.isFinite(declared) ? declared : undefined);
    if (r === 'stored') {
      deps.metrics.blobBytes.inc({ direction: 'in' }, declared ?? 0);
      res.writeHead(201).end();
    } else {
      const [status, text] = STATUS[r] ?? [400, 'bad upload'];
      res.writeHead(status, { connection: 'close', 'content-type': 'text/plain' }).end(text);
      req.resume();
    }
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD, PUT' }).end();
    return true;
  }
  const size = await deps.blobs.size(id, deps.now());
  if (size === undefined) {
    res.writeHead(404).end();
    return true;
  }
  const range = parseRange(req.headers.range, size);
  if (range === 'invalid') {
    res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    return true;
  }
  const [start, end] = range ?? [0, size - 1];
  const headers: Record<string, string | number> = {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'content-length': size === 0 ? 0 : end - start + 1,
    'cache-control': 'private, max-age=31536000, immutable',
  };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return true;
  }
  deps.metrics.blobBytes.inc({ direction: 'out' }, end - start + 1);
  deps.blobs.read(id, start, end).pipe(res);
  return true;
}
