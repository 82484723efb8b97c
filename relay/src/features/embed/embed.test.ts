import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RelayError } from '../../errors.js';
import { EMBED_BUILD_INFO_FILE, EMBED_SCRIPT_FILE, EmbedRoutes, resolveEmbedOptions } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-embed-'));
writeFileSync(join(dir, EMBED_SCRIPT_FILE), 'export {};\n');
// A build like widget/dist: the frame, its lazy chunks (one importing the frame back, one a further chunk),
// and files of other entries the frame does not import.
const CHUNK = 'cryptalk-frame-de.js';
const BUILD = {
  [EMBED_SCRIPT_FILE]: {
    imports: [],
    dynamicImports: [CHUNK, 'cryptalk-frame-ml-kem.js', 'crypto', './cryptalk-calls.js'],
  },
  [CHUNK]: { imports: [], dynamicImports: [] },
  'cryptalk-frame-ml-kem.js': { imports: [EMBED_SCRIPT_FILE], dynamicImports: [] },
  'cryptalk-calls.js': { imports: [], dynamicImports: ['./cryptalk-call-engine.js'] },
  'cryptalk-call-engine.js': { imports: [], dynamicImports: [] },
  'cryptalk-worker.js': { imports: [], dynamicImports: [] },
};
writeFileSync(join(dir, EMBED_BUILD_INFO_FILE), JSON.stringify(BUILD));
for (const file of Object.keys(BUILD)) {
  if (file !== EMBED_SCRIPT_FILE) writeFileSync(join(dir, file), `export const name = '${file}';\n`);
}
let server: Server;
let base: string;

before(async () => {
  const options = resolveEmbedOptions({
    sites: [{ origin: 'https://shop.example' }, { origin: 'http://127.0.0.1:8080', calls: true }],
    assetsDir: dir,
  });
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

test('a site with calls gets camera and microphone for the frame only', async () => {
  const res = await fetch(`${base}/embed?origin=${encodeURIComponent('http://127.0.0.1:8080')}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('permissions-policy')?.startsWith('camera=(self), microphone=(self)'), true);
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
  for (const file of [CHUNK, 'cryptalk-frame-ml-kem.js', 'cryptalk-calls.js', 'cryptalk-call-engine.js']) {
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
    // a file of the build the frame does not import, or not listed at all, or not a chunk
    '/embed/cryptalk-worker.js',
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
