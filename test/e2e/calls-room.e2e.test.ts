import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { CALLS_CHROMIUM_ARGS } from '../../bench/calls/harness.js';
import { createRelay, type Relay } from '../../relay/src/index.js';
import { launchChromium } from '../helpers/browser.js';

/**
 * Two Chromium pages, each running a real `CrypTalkClient` (bundled from source with esbuild), join one
 * group room on a real relay by invite; `room.call()` connects P2P over loopback with the room's encrypted
 * ephemeral signals as signalling, TURN credentials fetched from the relay with the room's proof (CORS from
 * the page's origin), and video frames decode on both sides.
 */

const HERE = dirname(fileURLToPath(import.meta.url));

let dir: string;
let site: { url: string; server: Server };
let relay: Relay;
let browser: Browser;

type RoomApi = {
  open(relay: string): Promise<string>;
  create(): Promise<string>;
  join(link: string): Promise<void>;
  members(): number;
  autoAnswer(): void;
  call(): Promise<string>;
  status(): Promise<{
    kind?: string;
    mode?: string;
    framesDecoded: number;
    firstFrameMs?: number;
    events: string[];
  }>;
  hangUp(): Promise<void>;
};

function run<K extends keyof RoomApi>(page: Page, method: K, ...args: Parameters<RoomApi[K]>) {
  return page.evaluate(
    ([m, a]) => {
      const api = (globalThis as unknown as { ctRoom: Record<string, (...x: unknown[]) => unknown> }).ctRoom;
      return api[m as string]?.(...(a as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<RoomApi[K]>>>;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cryptalk-calls-room-'));
  const bundles: [string, string][] = [
    ['bench/calls/room-page.ts', 'page.js'],
    ['bench/calls/bridge-page.ts', 'bridge.js'],
    // The worker placement's Worker, exactly as the script-tag build's `cryptalk-worker.js`.
    ['widget/src/placement/backend-host.worker.ts', 'worker.js'],
  ];
  await Promise.all(
    bundles.map(([entry, out]) =>
      build({
        entryPoints: [join(HERE, '../..', entry)],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'chrome120',
        outfile: join(dir, out),
        conditions: ['source'],
        logLevel: 'silent',
      }),
    ),
  );
  for (const [html, script] of [
    ['index.html', 'page.js'],
    ['bridge.html', 'bridge.js'],
  ]) {
    writeFileSync(
      join(dir, html as string),
      `<!doctype html><meta charset="utf-8"><title>calls</title><body><script type="module" src="/${script}"></script>`,
    );
  }
  // The page and its bundle, from 127.0.0.1 (a secure context, so getUserMedia works).
  const files: Record<string, [string, string]> = {
    '/index.html': ['text/html; charset=utf-8', 'index.html'],
    '/page.js': ['text/javascript; charset=utf-8', 'page.js'],
    '/bridge.html': ['text/html; charset=utf-8', 'bridge.html'],
    '/bridge.js': ['text/javascript; charset=utf-8', 'bridge.js'],
    '/worker.js': ['text/javascript; charset=utf-8', 'worker.js'],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url ?? '/', 'http://x').pathname];
    if (!f) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': f[0], 'cache-control': 'no-store' })
      .end(readFileSync(join(dir, f[1])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  site = { url: `http://127.0.0.1:${port}`, server };
  relay = await createRelay({
    port: 0,
    allowedOrigins: [new URL(site.url).origin],
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
    callsPerMinute: 1_000,
    callsHashKey: 'calls-hash-key-0123456789abcdef',
    turnSecret: 'turn-static-auth-secret-0123456789',
    // Nothing listens there: P2P connects on host candidates; the credentials still come from the relay.
    turnUrls: ['turn:127.0.0.1:9?transport=udp'],
  });
  browser = await launchChromium(CALLS_CHROMIUM_ARGS);
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await new Promise((resolve) => (site ? site.server.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('room.call(): two real clients in one room by invite connect P2P; frames decode on both sides', async (t) => {
  const pages = await Promise.all(
    [browser.newContext(), browser.newContext()].map(async (c) => (await c).newPage()),
  );
  const [alice, bob] = pages as [Page, Page];
  const pageErrors: string[] = [];
  for (const p of pages) {
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${site.url}/index.html`);
    await p.waitForFunction(() => 'ctRoom' in globalThis);
  }
  const [aliceId, bobId] = await Promise.all([run(alice, 'open', relay.url), run(bob, 'open', relay.url)]);
  assert.notEqual(aliceId, bobId);
  const link = await run(alice, 'create');
  await run(bob, 'join', link);
  await until(
    () => run(alice, 'members'),
    (n) => n === 2,
    'two members at Alice',
  );
  await run(bob, 'autoAnswer');
  await run(alice, 'call');
  const results = [];
  for (const [name, p] of [
    ['alice', alice],
    ['bob', bob],
  ] as const) {
    const s = await until(
      () => run(p, 'status'),
      (v) => v.kind === 'connected' && v.framesDecoded > 0 && v.firstFrameMs !== undefined,
      `frames decoded at ${name}`,
    );
    assert.equal(s.mode, 'p2p', `${name} is P2P`);
    assert.ok(
      !s.events.includes('error:CALL_CREDENTIALS_FAILED'),
      `${name} got TURN credentials from the relay`,
    );
    results.push([name, s.firstFrameMs] as const);
  }
  for (const [name, ms] of results)
    t.diagnostic(`room.call() → first decoded frame at ${name}: ${Math.round(ms ?? 0)} ms`);
  await Promise.all(pages.map((p) => run(p, 'hangUp')));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});

type BridgeApi = {
  open(relay: string): Promise<void>;
  create(): Promise<string>;
  join(link: string): Promise<void>;
  autoAnswer(): void;
  call(): Promise<string>;
  status(): { phase?: string; mode?: string; frames: number; firstFrameMs?: number };
  hangUp(): Promise<void>;
};

function bridge<K extends keyof BridgeApi>(page: Page, method: K, ...args: Parameters<BridgeApi[K]>) {
  return page.evaluate(
    ([m, a]) => {
      const api = (globalThis as unknown as { ctBridge: Record<string, (...x: unknown[]) => unknown> })
        .ctBridge;
      return api[m as string]?.(...(a as unknown[]));
    },
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<BridgeApi[K]>>>;
}

test('through the widget bridge: the SDK in the worker placement, calls on the page; P2P frames on both sides', async (t) => {
  const pages = await Promise.all(
    [browser.newContext(), browser.newContext()].map(async (c) => (await c).newPage()),
  );
  const [alice, bob] = pages as [Page, Page];
  const pageErrors: string[] = [];
  for (const p of pages) {
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(`${site.url}/bridge.html`);
    await p.waitForFunction(() => 'ctBridge' in globalThis);
  }
  await Promise.all([bridge(alice, 'open', relay.url), bridge(bob, 'open', relay.url)]);
  const link = await bridge(alice, 'create');
  await bridge(bob, 'join', link);
  await bridge(bob, 'autoAnswer');
  // Bob's join is admitted by Alice's worker; the ring goes out once the room has two members.
  await new Promise((r) => setTimeout(r, 500));
  await bridge(alice, 'call');
  const results = [];
  for (const [name, p] of [
    ['alice', alice],
    ['bob', bob],
  ] as const) {
    const s = await until(
      () => bridge(p, 'status'),
      (v) => v.phase === 'connected' && v.frames > 0 && v.firstFrameMs !== undefined,
      `rendered frames at ${name}`,
    );
    assert.equal(s.mode, 'p2p', `${name} is P2P`);
    results.push([name, s.firstFrameMs] as const);
  }
  for (const [name, ms] of results)
    t.diagnostic(`bridge: call → first rendered frame at ${name}: ${Math.round(ms ?? 0)} ms`);
  await Promise.all(pages.map((p) => bridge(p, 'hangUp')));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});
