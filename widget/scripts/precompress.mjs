// Precompresses the widget's script-tag files at build time, so every server can send them as small as they get:
// `<file>.gz` with Zopfli (a deflate encoder that searches much harder than zlib's level 9; any gzip decoder reads its
// output) and `<file>.br` with Brotli at its best quality. A static server sends them as they are (nginx
// `gzip_static` / `brotli_static`, Caddy's `precompressed`, a CDN origin); the relay's `/embed/` does too
// (relay/src/features/embed). Compressing once at build time is what makes Zopfli affordable: ≈ 1.5 s for the
// Worker, far too slow for a server to do per request.
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync, constants as zlib } from 'node:zlib';

/**
 * Zopfli's gzip, loaded on first use. Its Emscripten build adds `uncaughtException` and `unhandledRejection`
 * listeners to the process when it loads (which turn any later error into a dump of its own source): they are
 * taken off again, so the build fails and reports as it did before.
 */
let zopfli;
const loadZopfli = () => {
  zopfli ??= (async () => {
    const events = ['uncaughtException', 'unhandledRejection'];
    const before = new Map(events.map((e) => [e, process.listeners(e)]));
    const module = await import('@gfx/zopfli');
    for (const e of events)
      for (const listener of process.listeners(e))
        if (!before.get(e).includes(listener)) process.removeListener(e, listener);
    return module.gzipAsync;
  })();
  return zopfli;
};

/** Zopfli's passes per block: 15 is its default; more gain < 0.1 % on the Worker and cost seconds. */
const ZOPFLI_ITERATIONS = 15;

/** The file names of a file's precompressed copies. */
export const precompressedNames = (file) => ({ gzip: `${file}.gz`, br: `${file}.br` });

/** Brotli at quality 11 in text mode, as the relay compressed before files came precompressed. */
const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

/**
 * Whether `path` holds a copy of `bytes` in `decode`'s format, smaller than `bound` bytes (false when missing,
 * corrupt or not that small).
 */
function holds(path, bytes, decode, bound) {
  if (!existsSync(path)) return false;
  try {
    const copy = readFileSync(path);
    return copy.length < bound && decode(copy).equals(bytes);
  } catch {
    return false;
  }
}

/**
 * Writes `<path>.gz` (Zopfli) and `<path>.br` (Brotli 11) beside a built file, unless copies of these very bytes
 * are there already (a rebuild whose file did not change costs two decompressions, not a Zopfli run).
 * @param {string} path - the built file.
 * @param {Buffer} bytes - its content.
 * @returns {Promise<{ gzip: number, br: number }>} the sizes of the two copies, in bytes.
 */
export async function precompress(path, bytes) {
  const names = precompressedNames(path);
  const now = new Date();
  // A copy kept is touched: servers that check it is not older than its file (scripts/static-server.mjs) send it.
  // A gzip copy no smaller than zlib's level 9 is not Zopfli's: made again (small files may take that every time).
  const zlib9 = gzipSync(bytes, { level: 9 }).length;
  if (holds(names.gzip, bytes, gunzipSync, zlib9)) utimesSync(names.gzip, now, now);
  else writeFileSync(names.gzip, await (await loadZopfli())(bytes, { numiterations: ZOPFLI_ITERATIONS }));
  if (holds(names.br, bytes, brotliDecompressSync, Number.POSITIVE_INFINITY)) utimesSync(names.br, now, now);
  else writeFileSync(names.br, brotli(bytes));
  return { gzip: statSync(names.gzip).size, br: statSync(names.br).size };
}

/**
 * A Rollup plugin that precompresses every chunk it writes ({@link precompress}), so whichever command builds the
 * script-tag files (`npm run build`, `node widget/scripts/build.mjs`, the tests' build) ships the copies.
 * @returns {import('rollup').Plugin}
 */
export const precompressOutput = () => ({
  name: 'cryptalk-precompress',
  async writeBundle(options, bundle) {
    const dir = options.dir ?? dirname(options.file);
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk') await precompress(join(dir, chunk.fileName), Buffer.from(chunk.code));
    }
  },
});
