import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CALLS_CHROMIUM_ARGS } from '../../bench/calls/harness.js';
import { createRelay, type Relay } from '../../relay/src/index.js';
import { launchChromium } from '../helpers/browser.js';
import { type CallsSite, callsRelayOptions, startCallsSite, until } from '../helpers/calls-site.js';

/**
 * Two Chromium pages, each running a real `CrypTalkClient` (bundled from source with esbuild), join one
 * group room on a real relay by invite; `room.call()` connects P2P over loopback with the room's encrypted
 * ephemeral signals as signalling, TURN credentials fetched from the relay with the room's proof (CORS from
 * the page's origin), and video frames decode on both sides.
 */

let site: CallsSite;
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

before(async () => {
  site = await startCallsSite([
    { entry: 'bench/calls/room-page.ts', out: 'page.js', page: 'index.html' },
    { entry: 'bench/calls/bridge-page.ts', out: 'bridge.js', page: 'bridge.html' },
    // The worker placement's Worker, exactly as the script-tag build's `cryptalk-worker.js`.
    { entry: 'widget/src/placement/backend-host.worker.ts', out: 'worker.js' },
  ]);
  relay = await createRelay(callsRelayOptions(site.url));
  browser = await launchChromium(CALLS_CHROMIUM_ARGS);
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await site?.close();
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
    'two members at Alice',
    () => run(alice, 'members'),
    (n) => n === 2,
  );
  await run(bob, 'autoAnswer');
  await run(alice, 'call');
  const results = [];
  for (const [name, p] of [
    ['alice', alice],
    ['bob', bob],
  ] as const) {
    const s = await until(
      `frames decoded at ${name}`,
      () => run(p, 'status'),
      (v) => v.kind === 'connected' && v.framesDecoded > 0 && v.firstFrameMs !== undefined,
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
      `rendered frames at ${name}`,
      () => bridge(p, 'status'),
      (v) => v.phase === 'connected' && v.frames > 0 && v.firstFrameMs !== undefined,
    );
    assert.equal(s.mode, 'p2p', `${name} is P2P`);
    results.push([name, s.firstFrameMs] as const);
  }
  for (const [name, ms] of results)
    t.diagnostic(`bridge: call → first rendered frame at ${name}: ${Math.round(ms ?? 0)} ms`);
  await Promise.all(pages.map((p) => bridge(p, 'hangUp')));
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the pages');
});
