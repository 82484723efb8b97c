/**
 * Serves the embed page (`GET /embed?origin=<site>`), its script (`GET /embed/cryptalk-frame.js`), the
 * chunks that script imports (`GET /embed/cryptalk-frame-….js`, the calls chunks) and the Workers those start
 * by URL (`GET /embed/cryptalk-e2ee-worker.js`): a fixed list read from the build at start-up, any other name
 * is not found. A site not on the list gets 403 and a page that may be framed by nobody.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/** The embed page's HTTP handler. */
export class EmbedRoutes {
  /** Each served file's bytes once read, by name. */
  readonly #scripts = new Map<string, Promise<Buffer>>();

  /** @param options - resolved embed options (see `resolveEmbedOptions`). */
  constructor(private readonly options: ResolvedEmbedOptions) {}

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
    let script = this.#scripts.get(file);
    if (script === undefined) {
      script = readFile(this.options.files.get(file) as string);
      this.#scripts.set(file, script);
    }
    script.then(
      (body) => {
        res.writeHead(200, {
          'content-type': 'text/javascript; charset=utf-8',
          'content-length': String(body.length),
          'x-content-type-options': 'nosniff',
          // Only the embed page (same origin) runs it; other sites cannot even load it.
          'cross-origin-resource-policy': 'same-origin',
          'cache-control': 'no-cache',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        this.#scripts.delete(file);
        res.writeHead(503, DENY).end('frame script unavailable\n');
      },
    );
  }
}
