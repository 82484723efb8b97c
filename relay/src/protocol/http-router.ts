import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProtocolError } from '@cryptalk/sdk/protocol';
import { RelayError } from '../errors.js';
import type { Feature, FeatureRoute } from '../features/index.js';
import { AuthError, type OriginAllowlist } from '../handshake/index.js';
import type { Logger } from '../log.js';
import type { RelayMetrics } from '../metrics.js';
import { StoreError } from '../store/store-error.js';

/**
 * Largest JSON body of a feature endpoint in bytes: these endpoints take ids and proofs (under 1 KiB), never
 * payloads. Bigger bodies get 413 before they are read.
 */
export const MAX_API_BODY_BYTES = 4096;

/** HTTP statuses of the relay's own codes (others: 400). */
const RELAY_STATUS: Partial<Record<string, number>> = {
  RELAY_RATE_LIMITED: 429,
  RELAY_ORIGIN_FORBIDDEN: 403,
  RELAY_UNAVAILABLE: 503,
  RELAY_SHUTTING_DOWN: 503,
  RELAY_CAPACITY: 503,
};

/** What the router needs from the relay. */
export interface HttpRouterDeps {
  allowlist: OriginAllowlist;
  metrics: RelayMetrics;
  logger: Logger | undefined;
  /** Whether the relay is draining (requests get 503 `RELAY_SHUTTING_DOWN`). */
  draining(): boolean;
}

/** A coded error and the HTTP status it maps to. */
interface HttpFailure {
  status: number;
  code: string;
  message: string;
}

/**
 * The HTTP side of the protocol layer: routes JSON requests to the features' {@link FeatureRoute}s, applies the
 * Origin allowlist and CORS, reads bounded JSON bodies, and turns coded errors into `{ error: { code, message
 * } }` with a status: `PROTO_*` 400 (413 too large), `AUTH_*` 401, `RELAY_*` per code, feature errors by their
 * `httpStatus`, anything unexpected 500 `RELAY_UNAVAILABLE`.
 */
export class HttpRouter {
  private readonly routes = new Map<string, FeatureRoute>();

  /**
   * @param features - every feature; those with `routes` are served.
   * @param deps - allowlist, metrics, logger, draining state.
   */
  constructor(
    features: readonly Feature[],
    private readonly deps: HttpRouterDeps,
  ) {
    for (const f of features) for (const r of f.routes ?? []) this.routes.set(r.path, r);
  }

  /**
   * Answers the request if a feature serves its path.
   * @returns false (having answered nothing) when no route matches.
   */
  handle(req: IncomingMessage, res: ServerResponse, ip: string): boolean {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = this.routes.get(path);
    if (!route) return false;
    void this.serve(route, req, res, ip).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    return true;
  }

  private async serve(
    route: FeatureRoute,
    req: IncomingMessage,
    res: ServerResponse,
    ip: string,
  ): Promise<void> {
    const origin = req.headers.origin;
    if (!this.deps.allowlist.allows(origin)) {
      req.resume();
      this.fail(res, route.path, RelayError.originForbidden());
      return;
    }
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
    }
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(204, {
        'access-control-allow-methods': route.method,
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (req.method !== route.method) {
      req.resume();
      this.count(route.path, 405);
      res.writeHead(405, { allow: `${route.method}, OPTIONS` }).end();
      return;
    }
    if (this.deps.draining()) {
      req.resume();
      this.fail(res, route.path, RelayError.shuttingDown());
      return;
    }
    try {
      const body = await readJson(req);
      const reply = await route.handle({ ip, body });
      const status = reply.status ?? 200;
      this.count(route.path, status);
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(reply.body));
    } catch (err) {
      this.fail(res, route.path, err);
    }
  }

  private count(endpoint: string, status: number): void {
    this.deps.metrics.httpRequests.inc({ endpoint, status: String(status) });
  }

  private fail(res: ServerResponse, endpoint: string, err: unknown): void {
    const f = failure(err);
    if (f.status === 500)
      this.deps.logger?.error({ err: err instanceof Error ? err.name : typeof err }, 'unexpected failure');
    if (err instanceof StoreError) this.deps.logger?.warn({ code: err.code }, 'store failure');
    this.count(endpoint, f.status);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    };
    if (f.status === 413) headers.connection = 'close';
    res.writeHead(f.status, headers).end(JSON.stringify({ error: { code: f.code, message: f.message } }));
  }
}

/** Maps an error to its status and code; unknown errors never reveal their message. */
function failure(err: unknown): HttpFailure {
  if (err instanceof ProtocolError) {
    return { status: err.code === 'PROTO_TOO_LARGE' ? 413 : 400, code: err.code, message: err.message };
  }
  if (err instanceof AuthError) return { status: 401, code: err.code, message: err.message };
  if (err instanceof RelayError)
    return { status: RELAY_STATUS[err.code] ?? 400, code: err.code, message: err.message };
  if (err instanceof StoreError) {
    const e = RelayError.unavailable();
    return { status: 503, code: e.code, message: e.message };
  }
  if (err instanceof Error && typeof (err as { code?: unknown }).code === 'string') {
    const status = (err as { httpStatus?: unknown }).httpStatus;
    if (typeof status === 'number' && status >= 400 && status < 600) {
      return { status, code: (err as unknown as { code: string }).code, message: err.message };
    }
  }
  const e = RelayError.unavailable();
  return { status: 500, code: e.code, message: e.message };
}

/**
 * Reads a JSON body of at most {@link MAX_API_BODY_BYTES}; an empty body is `undefined`.
 * @throws ProtocolError `PROTO_TOO_LARGE`, `PROTO_MALFORMED_JSON`, or `PROTO_INVALID_FIELD` for a non-JSON type.
 */
async function readJson(req: IncomingMessage): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_API_BODY_BYTES) {
    req.resume();
    throw ProtocolError.tooLarge(declared, MAX_API_BODY_BYTES);
  }
  const chunks: Buffer[] = [];
  const size = await new Promise<number>((resolve, reject) => {
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= MAX_API_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Stop keeping bytes; the rest drains unread and the answer closes the connection.
      req.off('data', onData);
      req.resume();
      reject(ProtocolError.tooLarge(total, MAX_API_BODY_BYTES));
    };
    req.on('data', onData);
    req.once('end', () => resolve(total));
    req.once('error', reject);
  });
  if (size === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw ProtocolError.invalidField('content-type', 'must be application/json');
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw ProtocolError.malformedJson();
  }
}
