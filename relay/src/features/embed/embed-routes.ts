/**
 * Serves the embed page (`GET /embed?origin=<site>`), its script (`GET /embed/cryptalk-frame.js`), the
 * chunks that script imports (`GET /embed/cryptalk-frame-….js`, the calls chunks) and the Workers those start
 * by URL (`GET /embed/cryptalk-e2ee-worker.js`): a fixed list read from the build at start-up, any other name
 * is not found. A site not on the list gets 403 and a page that may be framed by nobody.
 *
 * Each file is sent in the encoding the browser prefers (`Vary: Accept-Encoding`): the widget's build writes a
 * Brotli (`.br`) and a Zopfli gzip (`.gz`) copy beside every file, which are used as they are when they decode to
 * the file; a file without them is compressed once, when first asked for (Brotli at its best quality and gzip at
 * level 9, off the event loop). Each
 * encoding has a strong `ETag`, so a revalidation (`cache-control: no-cache`, the names are not versioned)
 * answers 304 without a body.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, gunzip, gzip, constants as zlibConstants } from 'node:zlib';
import Negotiator from 'negotiator';
import type { ResolvedEmbedOptions } from './embed-options.js';
import { EMBED_HTML, embedHeaders } from './embed-page.js';
import { EMBED_MAX_HOST_LENGTH, EMBED_PATH } from './limits.js';

const HOST_RE = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const DENY = {
  'content-type': 'text/plain; charset=utf-8',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const unbrotli = promisify(brotliDecompress);
const gunzipAsync = promisify(gunzip);

/** The encodings the files are served in, in the server's order of preference. */
const ENCODINGS = ['br', 'gzip', 'identity'] as const;
type Encoding = (typeof ENCODINGS)[number];

/** negotiator 1.0's `encoding` with its `preferred` option (tie-break order), which @types/negotiator 0.6 lacks. */
interface PreferringNegotiator {
  encoding(available: readonly string[], options: { preferred: readonly string[] }): string | undefined;
}

/** One served file in each encoding, with its strong validator. */
interface ServedFile {
  readonly bodies: Readonly<Record<Encoding, Buffer>>;
  readonly etags: Readonly<Record<Encoding, string>>;
}

/**
 * A copy of `identity` the build compressed beside it (`<path><suffix>`), if there is one and it decodes to
 * `identity`: a copy left from another build is never sent.
 */
async function precompressed(
  path: string,
  identity: Buffer,
  decode: (body: Buffer) => Promise<Buffer>,
): Promise<Buffer | undefined> {
  const body = await readFile(path).catch(() => undefined);
  if (body === undefined) return undefined;
  const decoded = await decode(body).catch(() => undefined);
  return decoded?.equals(identity) ? body : undefined;
}

/**
 * Reads one file and its compressed copies: the build's (`.br`, `.gz`) when they match, otherwise compressed
 * here (Brotli quality 11, gzip level 9: once per file, in zlib's thread pool).
 */
async function loadServedFile(path: string): Promise<ServedFile> {
  const identity = await readFile(path);
  const [br, gz] = await Promise.all([
    precompressed(`${path}.br`, identity, unbrotli).then(
      (body) =>
        body ??
        brotli(identity, {
          params: {
            [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
            [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length,
          },
        }),
    ),
    precompressed(`${path}.gz`, identity, gunzipAsync).then(
      (body) => body ?? gzipAsync(identity, { level: 9 }),
    ),
  ]);
  const tag = createHash('sha256').update(identity).digest('base64url').slice(0, 22);
  return {
    bodies: { br, gzip: gz, identity },
    etags: { br: `"${tag}-br"`, gzip: `"${tag}-gz"`, identity: `"${tag}"` },
  };
}

/** Whether an `If-None-Match` header names `etag` (or is `*`); weak comparison, as RFC 9110 §13.1.2 asks. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** The embed page's HTTP handler. */
export class EmbedRoutes {
  /** Each served file once read and compressed, by name. */
  readonly #scripts = new Map<string, Promise<ServedFile>>();

  /**
   * Starts compressing every file at once (in zlib's thread pool), so the first frame to load does not wait for
   * it.
   * @param options - resolved embed options (see `resolveEmbedOptions`).
   */
  constructor(private readonly options: ResolvedEmbedOptions) {
    for (const file of options.files.keys()) void this.#served(file).catch(() => undefined);
  }

  /** A file read and compressed (once; a failed read is tried again by the next request). */
  #served(file: string): Promise<ServedFile> {
    let script = this.#scripts.get(file);
    if (script === undefined) {
      script = loadServedFile(this.options.files.get(file) as string);
      this.#scripts.set(file, script);
      script.catch(() => {
        if (this.#scripts.get(file) === script) this.#scripts.delete(file);
      });
    }
    return script;
  }

  /**
   * Answers `/embed` and `/embed/<file>` for the frame's files (`ResolvedEmbedOptions.files`).
   * @returns false (having answered nothing) for any other path.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const file = url.pathname.startsWith(`${EMBED_PATH}/`)
      ? url.pathname.slice(EMBED_PATH.length + 1)
      : undefined;
    // Exact names only: a name not built for the frame (or any path) is not ours.
    if (url.pathname !== EMBED_PATH && (file === undefined || !this.options.files.has(file))) return false;
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...DENY, allow: 'GET, HEAD' }).end();
      return true;
    }
    if (file !== undefined) {
      this.#serveScript(file, req, res);
      return true;
    }
    const site = this.options.sites.get((url.searchParams.get('origin') ?? '').toLowerCase());
    const host = req.headers.host ?? '';
    if (!site) {
      res.writeHead(403, DENY).end('this site may not embed the chat\n');
      return true;
    }
    if (host.length > EMBED_MAX_HOST_LENGTH || !HOST_RE.test(host)) {
      res.writeHead(400, DENY).end('bad host\n');
      return true;
    }
    res.writeHead(200, embedHeaders(site, host, this.options.callsConnectSources));
    res.end(req.method === 'HEAD' ? undefined : EMBED_HTML);
    return true;
  }

  #serveScript(file: string, req: IncomingMessage, res: ServerResponse): void {
    this.#served(file).then(
      (served) => {
        // The client's q-values decide, ties go to the server's order (Chromium lists gzip before br);
        // nothing acceptable: identity, which every client understands.
        const negotiator = new Negotiator(req) as unknown as PreferringNegotiator;
        const encoding = (negotiator.encoding(ENCODINGS, { preferred: ENCODINGS }) ?? 'identity') as Encoding;
        const etag = served.etags[encoding];
        const headers: Record<string, string> = {
          'content-type': 'text/javascript; charset=utf-8',
          'x-content-type-options': 'nosniff',
          // Only the embed page (same origin) runs it; other sites cannot even load it.
          'cross-origin-resource-policy': 'same-origin',
          'cache-control': 'no-cache',
          vary: 'Accept-Encoding',
          etag,
        };
        if (matches(req.headers['if-none-match'], etag)) {
          res.writeHead(304, headers).end();
          return;
        }
        const body = served.bodies[encoding];
        if (encoding !== 'identity') headers['content-encoding'] = encoding;
        headers['content-length'] = String(body.length);
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        res.writeHead(503, DENY).end('frame script unavailable\n');
      },
    );
  }
}
