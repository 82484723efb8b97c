// A tiny static file server for the demo and the end-to-end tests: maps URL prefixes to folders, serves
// nothing outside them, binds 127.0.0.1 only. Like a production server set up as docs/widget.md asks, it sends a
// file's precompressed copy (`<file>.br`, `<file>.gz`, written by the widget's build) when the browser accepts it.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
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

/** The precompressed copies a server may send, in its order of preference. */
const PRECOMPRESSED = [
  ['br', '.br'],
  ['gzip', '.gz'],
];

/**
 * The precompressed copy of `file` to send to a client that sent `accept` (`Accept-Encoding`): one written with
 * or after the file (the build rewrites both), in an encoding the client lists without `q=0`.
 * @returns {{ encoding: string, path: string } | undefined}
 */
function precompressedCopy(file, accept, fileMtime) {
  const accepted = new Set(
    String(accept ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]),
  );
  for (const [encoding, suffix] of PRECOMPRESSED) {
    const path = file + suffix;
    if (accepted.has(encoding) && existsSync(path) && statSync(path).mtimeMs >= fileMtime)
      return { encoding, path };
  }
  return undefined;
}

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
        const stat = statSync(file);
        const copy = type.startsWith('text/javascript')
          ? precompressedCopy(file, req.headers['accept-encoding'], stat.mtimeMs)
          : undefined;
        res.writeHead(200, {
          'content-type': type,
          'content-length': copy ? statSync(copy.path).size : stat.size,
          'cache-control': 'no-store',
          ...(copy ? { 'content-encoding': copy.encoding, vary: 'Accept-Encoding' } : {}),
          ...options.headers,
        });
        createReadStream(copy?.path ?? file).pipe(res);
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
