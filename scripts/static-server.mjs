// A tiny static file server for the demo and the end-to-end tests: maps URL prefixes to folders, serves
// nothing outside them, binds 127.0.0.1 only.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * @param {Record<string, string>} mounts URL prefix (e.g. "/") → folder
 * @param {{ port?: number, headers?: Record<string, string>, html?: (text: string) => string }} [options]
 *   `html` rewrites every HTML page before it is served (the demo uses it to point at the relay's port).
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startStaticServer(mounts, options = {}) {
  const entries = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix.endsWith('/') ? prefix : `${prefix}/`, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    for (const [prefix, dir] of entries) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) break;
      try {
        if (statSync(file).isDirectory()) file = join(file, 'index.html');
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        if (options.html && type.startsWith('text/html')) {
          const body = options.html(readFileSync(file, 'utf8'));
          res
            .writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...options.headers })
            .end(body);
          return;
        }
        const size = statSync(file).size;
        res.writeHead(200, {
          'content-type': type,
          'content-length': size,
          'cache-control': 'no-store',
          ...options.headers,
        });
        createReadStream(file).pipe(res);
        return;
      } catch {
        break;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
