import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  brotliCompressSync,
  brotliDecompressSync,
  gunzipSync,
  gzipSync,
  constants as zlibConstants,
} from 'node:zlib';
import { RelayError } from '../../errors.js';
import { createRelay } from '../../relay.js';
import {
  EMBED_BUILD_INFO_FILE,
  EMBED_SCRIPT_FILE,
  EmbedRoutes,
  embedCsp,
  liveKitConnectSources,
  resolveEmbedOptions,
} from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-embed-'));
writeFileSync(join(dir, EMBED_SCRIPT_FILE), 'export {};\n');
// A build like widget/dist: the frame, its lazy chunks (one importing the frame back, one a further chunk),
// the Worker two calls chunks start by URL, and files of other entries the frame does not load.
const CHUNK = 'cryptalk-frame-de.js';
const E2EE_WORKER = 'cryptalk-e2ee-worker.js';
const BUILD = {
  [EMBED_SCRIPT_FILE]: {
    imports: [],
    dynamicImports: [CHUNK, 'cryptalk-frame-ml-kem.js', 'crypto', './cryptalk-calls.js'],
  },
  [CHUNK]: { imports: [], dynamicImports: [] },
  'cryptalk-frame-ml-kem.js': { imports: [EMBED_SCRIPT_FILE], dynamicImports: [] },
  'cryptalk-calls.js': {
    imports: [],
    dynamicImports: ['./cryptalk-call-engine.js'],
    workers: [`./${E2EE_WORKER}`],
  },
  'cryptalk-call-engine.js': { imports: [], dynamicImports: [], workers: [`./${E2EE_WORKER}`] },
  [E2EE_WORKER]: { imports: [], dynamicImports: [], workers: [] },
  'cryptalk-worker.js': { imports: [], dynamicImports: [], workers: ['./cryptalk-worker-only.js'] },
  'cryptalk-worker-only.js': { imports: [], dynamicImports: [] },
};
/** The relay's LiveKit server in these tests: a path and a port that is not the scheme's default. */
const LIVEKIT_URL = 'wss://sfu.example.com:7443/lk';
writeFileSync(join(dir, EMBED_BUILD_INFO_FILE), JSON.stringify(BUILD));
for (const file of Object.keys(BUILD)) {
  if (file !== EMBED_SCRIPT_FILE) writeFileSync(join(dir, file), `export const name = '${file}';\n`);
}
// The build's precompressed copies of one file, made so they differ from what the relay would make itself
// (gzip level 1 marks its header, a 1 KB Brotli window its first byte)…
const PRECOMPRESSED = 'cryptalk-frame-ml-kem.js';
const precompressedBody = Buffer.from(`export const name = '${PRECOMPRESSED}';\n`);
writeFileSync(join(dir, `${PRECOMPRESSED}.gz`), gzipSync(precompressedBody, { level: 1 }));
writeFileSync(
  join(dir, `${PRECOMPRESSED}.br`),
  brotliCompressSync(precompressedBody, { params: { [zlibConstants.BROTLI_PARAM_LGWIN]: 10 } }),
);
// …and copies of CHUNK left from another build: one decodes to other code, one is not Brotli at all.
writeFileSync(join(dir, `${CHUNK}.gz`), gzipSync('export const stale = 1;\n'));
writeFileSync(join(dir, `${CHUNK}.br`), 'not brotli');
let server: Server;
let base: string;

before(async () => {
  const options = resolveEmbedOptions(
    {
      sites: [{ origin: 'https://shop.example' }, { origin: 'http://127.0.0.1:8080', calls: true }],
      assetsDir: dir,
    },
    LIVEKIT_URL,
  );
  assert.ok(options);
  const routes = new EmbedRoutes(options);
  server = createServer((req, res) => {
    if (!routes.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an allowed site gets the page with a strict CSP naming only that site as frame ancestor', async () => {
  const res = await fetch(`${base}/embed?origin=${encodeURIComponent('https://shop.example')}`);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /frame-ancestors https:\/\/shop\.example$/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
  assert.equal(res.headers.get('permissions-policy')?.startsWith('camera=(), microphone=()'), true);
  const html = await res.text();
  assert.match(html, /<script type="module" src="\/embed\/cryptalk-frame\.js"><\/script>/);
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/);
});

/** The page's CSP for a site on this test's relay, with `extra` connect-src sources after the relay's. */
const cspFor = (site: string, extra = '') =>
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
  `media-src 'self' blob:; connect-src 'self' ws://${new URL(base).host} wss://${new URL(base).host}${extra}; ` +
  `worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${site}`;

test('a site with calls gets camera and microphone for the frame only', async () => {
  const res = await fetch(`${base}/embed?origin=${encodeURIComponent('http://127.0.0.1:8080')}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('permissions-policy')?.startsWith('camera=(self), microphone=(self)'), true);
  await res.arrayBuffer();
});

test("a site with calls may connect to the relay's LiveKit server (its WebSocket and HTTP origins), nothing else", async () => {
  const res = await fetch(`${base}/embed?origin=${encodeURIComponent('http://127.0.0.1:8080')}`);
  assert.equal(
    res.headers.get('content-security-policy'),
    cspFor('http://127.0.0.1:8080', ' wss://sfu.example.com:7443 https://sfu.example.com:7443'),
  );
  await res.arrayBuffer();
});

test('a site without calls gets the CSP it had before LiveKit was configured: the relay alone', async () => {
  const res = await fetch(`${base}/embed?origin=${encodeURIComponent('https://shop.example')}`);
  assert.equal(res.headers.get('content-security-policy'), cspFor('https://shop.example'));
  await res.arrayBuffer();
  // A relay without LiveKit adds nothing for a site with calls either.
  const options = resolveEmbedOptions({
    sites: [{ origin: 'https://a.example', calls: true }],
    assetsDir: dir,
  });
  assert.deepEqual(options?.callsConnectSources, []);
  const site = options?.sites.get('https://a.example');
  assert.ok(site);
  assert.match(
    embedCsp(site, 'relay.example'),
    /connect-src 'self' ws:\/\/relay\.example wss:\/\/relay\.example;/,
  );
  assert.equal(embedCsp(site, 'relay.example', options.callsConnectSources), embedCsp(site, 'relay.example'));
});

test("LiveKit's CSP sources are the URL's origin in both schemes of its kind, without path or default port", () => {
  assert.deepEqual(liveKitConnectSources('ws://127.0.0.1:7880'), [
    'ws://127.0.0.1:7880',
    'http://127.0.0.1:7880',
  ]);
  assert.deepEqual(liveKitConnectSources('http://127.0.0.1:7880/'), [
    'ws://127.0.0.1:7880',
    'http://127.0.0.1:7880',
  ]);
  assert.deepEqual(liveKitConnectSources('wss://SFU.example.com:443/lk?x=1#y'), [
    'wss://sfu.example.com',
    'https://sfu.example.com',
  ]);
  assert.deepEqual(liveKitConnectSources('https://user:pw@sfu.example.com:8443'), [
    'wss://sfu.example.com:8443',
    'https://sfu.example.com:8443',
  ]);
});

test("a LiveKit Cloud server's sources also cover its domain's region hosts (livekit-client's failover)", () => {
  const cases: [url: string, sources: string[]][] = [
    [
      'wss://shop-abc123.livekit.cloud',
      [
        'wss://shop-abc123.livekit.cloud',
        'https://shop-abc123.livekit.cloud',
        'wss://*.livekit.cloud',
        'https://*.livekit.cloud',
      ],
    ],
    [
      'wss://shop.livekit.run',
      ['wss://shop.livekit.run', 'https://shop.livekit.run', 'wss://*.livekit.run', 'https://*.livekit.run'],
    ],
    // only those domains: a look-alike gets its own host alone
    ['wss://sfu.notlivekit.cloud', ['wss://sfu.notlivekit.cloud', 'https://sfu.notlivekit.cloud']],
    [
      'wss://livekit.cloud.example.com',
      ['wss://livekit.cloud.example.com', 'https://livekit.cloud.example.com'],
    ],
  ];
  for (const [url, sources] of cases) assert.deepEqual(liveKitConnectSources(url), sources, url);
});

test('a livekitUrl the CSP cannot name stops a relay with a calls site at start with RELAY_CONFIG_INVALID naming livekitUrl', async () => {
  const calls = {
    livekitApiKey: 'APIkey',
    livekitApiSecret: 'livekit-secret-0123456789abcdef',
    callsHashKey: 'calls-hash-key-0123456789abcdef',
    embed: { sites: [{ origin: 'https://a.example', calls: true }], assetsDir: dir },
  };
  for (const livekitUrl of [
    'wss://sfu.example.com%3B', // host "sfu.example.com;": would end the directive
    "wss://sfu.example.com'",
    'wss://sfu.example.com,x',
    'wss://sfu_1.example.com', // an underscore is no CSP host-char
    'ws://[::1]:7880', // nor is an IPv6 literal
  ]) {
    await assert.rejects(
      createRelay({ port: 0, livekitUrl, ...calls }),
      (e: unknown) =>
        e instanceof RelayError &&
        e.code === 'RELAY_CONFIG_INVALID' &&
        e.message.includes('"livekitUrl"') &&
        !e.message.includes(livekitUrl),
      livekitUrl,
    );
  }
  // no site with calls: the page lists no LiveKit server, so any URL LiveKit itself takes is fine
  const relay = await createRelay({
    port: 0,
    livekitUrl: 'ws://[::1]:7880',
    ...calls,
    embed: { sites: [{ origin: 'https://a.example' }], assetsDir: dir },
  });
  await relay.close();
  for (const livekitUrl of ['ftp://sfu.example.com', 'not a url']) {
    assert.throws(
      () => liveKitConnectSources(livekitUrl),
      (e: unknown) => e instanceof RelayError && e.message.includes('"livekitUrl"'),
      livekitUrl,
    );
  }
});

test('a site not on the list, or no site, gets 403 and a page nobody may frame', async () => {
  for (const q of ['?origin=https%3A%2F%2Fevil.example', '', '?origin=*', '?origin=null']) {
    const res = await fetch(`${base}/embed${q}`);
    assert.equal(res.status, 403, `query ${q}`);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    await res.arrayBuffer();
  }
});

test('the script is served same-origin only; other methods and paths are refused', async () => {
  const js = await fetch(`${base}/embed/${EMBED_SCRIPT_FILE}`);
  assert.equal(js.status, 200);
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(js.headers.get('cross-origin-resource-policy'), 'same-origin');
  assert.equal(await js.text(), 'export {};\n');
  const post = await fetch(`${base}/embed?origin=https%3A%2F%2Fshop.example`, { method: 'POST' });
  assert.equal(post.status, 405);
  await post.arrayBuffer();
  const other = await fetch(`${base}/embed/../etc/passwd`);
  assert.equal(other.status, 404);
  await other.arrayBuffer();
});

test("the frame's chunks are served like the frame's script; other names and paths are not", async () => {
  const page = await fetch(`${base}/embed?origin=${encodeURIComponent('https://shop.example')}`);
  await page.arrayBuffer();
  const script = await fetch(`${base}/embed/${EMBED_SCRIPT_FILE}`);
  await script.arrayBuffer();
  for (const file of [
    CHUNK,
    'cryptalk-frame-ml-kem.js',
    'cryptalk-calls.js',
    'cryptalk-call-engine.js',
    // started by URL from the calls chunks (`new Worker(…)`): a JavaScript type, same origin as the page, so
    // its `worker-src 'self'` lets it start
    E2EE_WORKER,
  ]) {
    const res = await fetch(`${base}/embed/${file}`);
    assert.equal(res.status, 200, file);
    for (const header of [
      'content-type',
      'x-content-type-options',
      'cross-origin-resource-policy',
      'cache-control',
    ]) {
      assert.equal(res.headers.get(header), script.headers.get(header), `${file}: ${header}`);
    }
    assert.equal(await res.text(), `export const name = '${file}';\n`);
    // The page's policy (script-src 'self') covers them: same origin, same folder as the script.
    assert.equal(new URL(res.url).origin, new URL(page.url).origin);
  }
  const head = await fetch(`${base}/embed/${CHUNK}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
  const post = await fetch(`${base}/embed/${CHUNK}`, { method: 'POST' });
  assert.equal(post.status, 405);
  await post.arrayBuffer();
  for (const path of [
    // a file of the build the frame does not load (nor a Worker of one), or not listed at all, or not a chunk
    '/embed/cryptalk-worker.js',
    '/embed/cryptalk-worker-only.js',
    '/embed/cryptalk-frame-xx.js',
    `/embed/${EMBED_BUILD_INFO_FILE}`,
    `/embed/${CHUNK}.map`,
    // traversal, encoded or not, and nested paths
    '/embed/..%2F..%2Fetc%2Fpasswd',
    '/embed/%2e%2e/package.json',
    `/embed/x/../${EMBED_SCRIPT_FILE}/..%2F${CHUNK}`,
    `/embed//${CHUNK}`,
    `/embed/./${CHUNK}x`,
    `/embed/${CHUNK.toUpperCase()}`,
  ]) {
    const res = await fetch(`${base}${path}`);
    assert.equal(res.status, 404, path);
    await res.arrayBuffer();
  }
});

/** A raw GET or HEAD (no automatic decompression): status, headers and the body's bytes as sent. */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('files are sent compressed in the encoding the browser prefers (Brotli on a tie), with a strong ETag per encoding that answers 304', async () => {
  const path = `/embed/${CHUNK}`;
  const plain = Buffer.from(`export const name = '${CHUNK}';\n`);
  const decode: Record<string, (b: Buffer) => Buffer> = {
    br: brotliDecompressSync,
    gzip: gunzipSync,
    identity: (b) => b,
  };
  const etags = new Map<string, string>();
  for (const [accept, expected] of [
    ['gzip, deflate, br, zstd', 'br'], // Chromium over HTTPS: a tie, the server prefers Brotli
    ['gzip, deflate', 'gzip'], // Chromium over plain HTTP
    ['br;q=0.5, gzip', 'gzip'], // the client's q-values decide
    ['br;q=0, gzip;q=0', 'identity'],
    ['identity', 'identity'],
    ['', 'identity'],
  ] as const) {
    const res = await raw(path, accept ? { 'accept-encoding': accept } : {});
    assert.equal(res.status, 200, accept);
    assert.equal(res.headers['content-encoding'], expected === 'identity' ? undefined : expected, accept);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['content-length'], String(res.body.length));
    assert.deepEqual(decode[expected]?.(res.body), plain, `${accept}: the same script once decoded`);
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]{22}(-br|-gz)?"$/, 'a strong validator');
    if (etags.has(expected)) assert.equal(etags.get(expected), etag, 'stable per encoding');
    etags.set(expected, etag);
  }
  assert.equal(new Set(etags.values()).size, 3, 'each encoding has its own ETag');

  // Revalidation: the browser's cached copy is still good, nothing is sent again.
  const br = etags.get('br') as string;
  for (const ifNoneMatch of [br, `W/${br}`, `"other", ${br}`, '*']) {
    const res = await raw(path, { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch });
    assert.equal(res.status, 304, ifNoneMatch);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.etag, br);
    assert.equal(res.headers['cache-control'], 'no-cache');
  }
  const changed = await raw(path, { 'accept-encoding': 'gzip', 'if-none-match': br });
  assert.equal(changed.status, 200, "another encoding's ETag does not match");
  assert.deepEqual(gunzipSync(changed.body), plain);
  const head = await raw(path, { 'accept-encoding': 'gzip' }, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-encoding'], 'gzip');
  assert.equal(head.headers['content-length'], String(changed.body.length));
  assert.equal(head.body.length, 0);
});

test("the build's precompressed copies are sent as they are; copies that do not decode to the file are not", async () => {
  const path = `/embed/${PRECOMPRESSED}`;
  for (const [accept, suffix] of [
    ['gzip', '.gz'],
    ['br', '.br'],
  ] as const) {
    const res = await raw(path, { 'accept-encoding': accept });
    assert.equal(res.headers['content-encoding'], accept);
    assert.deepEqual(
      res.body,
      readFileSync(join(dir, `${PRECOMPRESSED}${suffix}`)),
      `the ${suffix} copy itself`,
    );
  }
  // CHUNK's copies are stale or corrupt: the relay compresses the file itself (checked byte for byte above).
  for (const [accept, suffix, decode] of [
    ['gzip', '.gz', gunzipSync],
    ['br', '.br', brotliDecompressSync],
  ] as const) {
    const res = await raw(`/embed/${CHUNK}`, { 'accept-encoding': accept });
    assert.equal(res.headers['content-encoding'], accept);
    assert.notDeepEqual(res.body, readFileSync(join(dir, `${CHUNK}${suffix}`)), `not the stale ${suffix}`);
    assert.equal(decode(res.body).toString(), `export const name = '${CHUNK}';\n`);
  }
});

test('a build whose frame imports a chunk missing from the folder is refused at start-up', () => {
  const partial = mkdtempSync(join(tmpdir(), 'cryptalk-embed-partial-'));
  try {
    writeFileSync(join(partial, EMBED_SCRIPT_FILE), 'export {};\n');
    writeFileSync(
      join(partial, EMBED_BUILD_INFO_FILE),
      JSON.stringify({ [EMBED_SCRIPT_FILE]: BUILD[EMBED_SCRIPT_FILE], [CHUNK]: BUILD[CHUNK] }),
    );
    assert.throws(
      () => resolveEmbedOptions({ sites: [], assetsDir: partial }),
      (e: unknown) =>
        e instanceof RelayError &&
        e.code === 'RELAY_CONFIG_INVALID' &&
        /embed\.assetsDir/.test(e.message) &&
        e.message.includes(CHUNK),
    );
    writeFileSync(join(partial, CHUNK), 'export {};\n');
    assert.deepEqual(
      [...(resolveEmbedOptions({ sites: [], assetsDir: partial })?.files.keys() ?? [])],
      [EMBED_SCRIPT_FILE, CHUNK],
    );
    writeFileSync(join(partial, EMBED_BUILD_INFO_FILE), '{');
    assert.throws(
      () => resolveEmbedOptions({ sites: [], assetsDir: partial }),
      (e: unknown) => e instanceof RelayError && /build\.json/.test(e.message),
    );
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
});

test('a folder without build.json serves a one-file frame alone, and refuses a split one', () => {
  const single = mkdtempSync(join(tmpdir(), 'cryptalk-embed-single-'));
  try {
    writeFileSync(join(single, EMBED_SCRIPT_FILE), 'export {};\n');
    writeFileSync(join(single, CHUNK), 'export {};\n');
    const options = resolveEmbedOptions({ sites: [], assetsDir: single });
    assert.deepEqual([...(options?.files.keys() ?? [])], [EMBED_SCRIPT_FILE]);
    // A split frame (it imports chunks beside it) without the list of them is refused at start-up.
    writeFileSync(join(single, EMBED_SCRIPT_FILE), `import('./${CHUNK}');\n`);
    assert.throws(
      () => resolveEmbedOptions({ sites: [], assetsDir: single }),
      (e: unknown) =>
        e instanceof RelayError &&
        /embed\.assetsDir/.test(e.message) &&
        e.message.includes(EMBED_BUILD_INFO_FILE),
    );
  } finally {
    rmSync(single, { recursive: true, force: true });
  }
});

test('embed options are validated: origins exact, no duplicates, the built script present', () => {
  const bad = (v: unknown, field: RegExp) =>
    assert.throws(
      () => resolveEmbedOptions(v as never),
      (e: unknown) => e instanceof RelayError && e.code === 'RELAY_CONFIG_INVALID' && field.test(e.message),
    );
  assert.equal(resolveEmbedOptions(undefined), undefined);
  bad({ sites: [{ origin: '*' }], assetsDir: dir }, /embed\.sites/);
  bad({ sites: [{ origin: 'https://a.example/path' }], assetsDir: dir }, /embed\.sites/);
  bad({ sites: [{ origin: 'https://a.example' }, { origin: 'https://A.example' }], assetsDir: dir }, /twice/);
  bad({ sites: [{ origin: 'https://a.example', calls: 'yes' }], assetsDir: dir }, /calls/);
  bad({ sites: 'https://a.example', assetsDir: dir }, /embed\.sites/);
  bad({ sites: [], assetsDir: join(dir, 'missing') }, /embed\.assetsDir/);
  bad({ sites: [] }, /embed\.assetsDir/);
});
