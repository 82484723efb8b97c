import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { RelayError } from '../../errors.js';
import { EMBED_SCRIPT_FILE, EmbedRoutes, resolveEmbedOptions } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-embed-'));
writeFileSync(join(dir, EMBED_SCRIPT_FILE), 'export {};\n');
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
