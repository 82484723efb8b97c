/**
 * Calls from the plain script-tag widget (widget/dist: `cryptalk.js`, which loads `cryptalk-core.js`, the SDK
 * in `cryptalk-worker.js` (default `worker` placement) or `cryptalk-client.js` (`same`), and on the first ring
 * or call `cryptalk-calls.js`, `cryptalk-call-engine.js` and `cryptalk-sfu.js`), in real Chromium with fake
 * devices, on a real relay: two people in one room start, receive, answer, decline and hang up calls from the
 * panel; the first ring after the page opened is shown; a caller hanging up before an answer takes the ring
 * away. Media is P2P over loopback with frames on both sides.
 *
 * The `frame` placement (the chat in the relay's cross-origin `/embed` frame, served with its strict CSP) on a
 * relay with LiveKit (127.0.0.1): two people start and answer a video call (P2P, while the frame pre-warms
 * LiveKit), then a third joins the room and a video call with all three goes through LiveKit with end-to-end
 * media encryption (LiveKit's E2EE Worker served by the relay under `/embed/`). No CSP violation, no failed
 * frame file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { CALLS_CHROMIUM_ARGS } from '../../bench/calls/harness.js';
import { createRelay, type Relay } from '../../relay/src/index.js';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { launchChromium } from '../helpers/browser.js';
import { callsRelayOptions } from '../helpers/calls-site.js';
import { startLiveKit } from '../helpers/livekit.js';
import { ROOT } from '../helpers/processes.js';
import { freePort } from '../helpers/server-process.js';

/** Every wait for media or a ring: generous, the machine is shared (2 cores). */
const WAIT_MS = 45_000;

let relay: Relay;
let site: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
const pages = mkdtempSync(join(tmpdir(), 'cryptalk-calls-script-tag-'));

/**
 * Writes a host page with the script tag and one inline `<cryptalk-chat>`; returns its file name.
 * @param extra - more attributes of the element (`calls` for the frame placement).
 */
function hostPage(name: string, placement: string, room: string, relayUrl = relay.url, extra = ''): string {
  const attr = room.replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileSync(
    join(pages, name),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>calls</title><script src="/dist/cryptalk.js" async></script></head><body><cryptalk-chat placement="${placement}" relay="${relayUrl}" room="${attr}" mode="inline" brand="Calls" ${extra}></cryptalk-chat></body></html>`,
  );
  return name;
}

before(async () => {
  await ensureWidgetBuild();
  site = await startDemo({ example: relative(join(ROOT, 'examples'), pages) });
  relay = await createRelay(callsRelayOptions(site.url));
  browser = await launchChromium(CALLS_CHROMIUM_ARGS);
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await site?.close();
  rmSync(pages, { recursive: true, force: true });
});

/** What holds the chat: the `<cryptalk-chat>` on the page, or the document of the `frame` placement's frame. */
type ChatRoot = Locator | Frame;

const chat = (p: Page): Locator => p.locator('cryptalk-chat');

/** Waits until the chat can send (core loaded, room created or joined). */
async function ready(p: ChatRoot | Page): Promise<void> {
  const root = 'bringToFront' in p ? chat(p) : p;
  await root.locator('[part=send]:not([disabled])').waitFor({ timeout: WAIT_MS });
  await root.locator('[data-call=video]').waitFor({ timeout: WAIT_MS });
}

/** Frames the remote tiles of a call view have shown so far (most of any `<video>`'s playback quality). */
function remoteFrames(root: ChatRoot): Promise<number> {
  return root
    .locator('cryptalk-call-view [part~=tile]:not([part~=local]) video')
    .evaluateAll((videos: HTMLVideoElement[]) =>
      Math.max(
        0,
        ...videos.map((v) => (v.videoWidth > 0 ? v.getVideoPlaybackQuality().totalVideoFrames : 0)),
      ),
    )
    .catch(() => 0);
}

/**
 * Waits until a remote tile of the page has shown decoded frames from the other side (`videoWidth` > 0 and at
 * least one presented frame), then for up to 10 s that more follow. Headless Chromium with two windows over each
 * other sometimes stops presenting video in one page (local preview included) while the call stays connected,
 * so only the first frames are asserted here; that decoding keeps going is asserted from RTP stats in
 * calls-room and calls-media. A page whose frames stall is reported as a diagnostic.
 */
async function framesGrow(
  p: Page,
  what: string,
  note: (s: string) => void,
  root: ChatRoot = chat(p),
): Promise<void> {
  await p.bringToFront();
  const deadline = Date.now() + WAIT_MS;
  let first = 0;
  while (Date.now() < deadline) {
    first = await remoteFrames(root);
    if (first > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (first > 0) {
    const more = Date.now() + 10_000;
    while (Date.now() < more) {
      if ((await remoteFrames(root)) > first + 10) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    note(
      `${what}: remote video presented ${first} frame(s), then stalled in headless Chromium (call connected)`,
    );
    return;
  }
  const tiles = await root
    .locator('cryptalk-call-view video')
    .evaluateAll((videos: HTMLVideoElement[]) =>
      videos.map((v) => ({
        part: v.closest('[part]')?.getAttribute('part'),
        width: v.videoWidth,
        paused: v.paused,
        readyState: v.readyState,
        frames: v.getVideoPlaybackQuality().totalVideoFrames,
        tracks: (v.srcObject as MediaStream | null)
          ?.getTracks()
          .map((t) => `${t.kind}:${t.readyState}${t.muted ? ':muted' : ''}`),
      })),
    )
    .catch((e: Error) => e.message);
  throw new Error(`${what}: no remote frames shown within ${WAIT_MS} ms; videos: ${JSON.stringify(tiles)}`);
}

for (const bobPlacement of ['worker', 'same'] as const)
  test(`script tag (Alice in the worker placement, Bob in ${bobPlacement}): start, ring (the first ring is shown), answer, hang up; decline; the caller hangs up before an answer`, async (t) => {
    const errors: string[] = [];
    /** Console lines and failed requests, printed when the test fails. */
    const logs: string[] = [];
    t.after(() => {
      if (logs.length) t.diagnostic(logs.slice(-40).join('\n'));
    });
    /**
     * The SDK's call wire code (signal fragments, call credentials) each side loaded: a request of its
     * Worker (`worker`) or its page (`same`), so watched on the whole browser context.
     */
    const wire: { alice: string[]; bob: string[] } = { alice: [], bob: [] };
    const watchWire = (context: BrowserContext, who: keyof typeof wire) =>
      context.on('request', (r) => {
        const file = new URL(r.url()).pathname.split('/').at(-1) ?? '';
        if (/^cryptalk-(worker|client|frame)-room-call-wire\.js$/.test(file)) wire[who].push(file);
      });
    const aliceContext = await browser.newContext();
    watchWire(aliceContext, 'alice');
    const alice = await aliceContext.newPage();
    alice.on('pageerror', (e) => errors.push(`alice: ${e.message}`));
    alice.on('console', (m) => logs.push(`alice ${m.type()}: ${m.text()}`));
    const room = `calls-script-tag-${bobPlacement}-${Date.now().toString(36)}`;
    await alice.goto(`${site.url}/${hostPage(`alice-${bobPlacement}.html`, 'worker', room)}`);
    await ready(alice);
    const invite = await alice.evaluate(async () => {
      const el = document.querySelector('cryptalk-chat') as unknown as {
        backend: { inviteLink(room: string): Promise<string> };
        getAttribute(n: string): string;
      };
      return el.backend.inviteLink(el.getAttribute('room'));
    });
    const bobContext = await browser.newContext();
    watchWire(bobContext, 'bob');
    const bob = await bobContext.newPage();
    bob.on('pageerror', (e) => errors.push(`bob: ${e.message}`));
    bob.on('console', (m) => logs.push(`bob ${m.type()}: ${m.text()}`));
    bob.on('requestfailed', (r) => logs.push(`bob request failed: ${r.url()}`));
    /** The calls code Bob's page loaded: the calls chunks and the panel's call session beside the UI. */
    const calls: string[] = [];
    bob.on('request', (r) => {
      const file = new URL(r.url()).pathname.split('/').at(-1) ?? '';
      if (/^cryptalk-(calls|call-engine|sfu|ui-panel-call-session)\.js$/.test(file)) calls.push(file);
    });
    await bob.goto(`${site.url}/${hostPage(`bob-${bobPlacement}.html`, bobPlacement, invite)}`);
    await ready(bob);
    // A message from Bob that Alice shows: her group has processed Bob's joining (MLS epochs), so what she
    // encrypts from now on (the ring too) reaches him.
    const hello = `hello from bob ${Date.now()}`;
    await chat(bob).locator('textarea').fill(hello);
    await chat(bob).locator('textarea').press('Enter');
    await chat(alice).locator('[part=text]', { hasText: hello }).waitFor({ timeout: WAIT_MS });
    assert.equal(calls.length, 0, `no calls code loads before a call rings (${calls})`);
    // Opening the chat, creating and joining the room, and chatting load none of the SDK's call code either.
    assert.deepEqual(wire, { alice: [], bob: [] }, 'no call wire code loads for a chat');

    // ── Alice starts a video call; Bob's first ring shows; he answers; frames on both sides; Alice hangs up ──
    await chat(alice).locator('[data-call=video]').click();
    await chat(alice).locator('cryptalk-call-view').waitFor({ timeout: WAIT_MS });
    const ring = chat(bob).locator('cryptalk-incoming-call');
    await ring.waitFor({ timeout: WAIT_MS });
    assert.ok(calls.includes('cryptalk-calls.js'), 'the ring loaded the calls chunk');
    assert.ok(
      calls.includes('cryptalk-ui-panel-call-session.js'),
      "the ring loaded the panel's call session",
    );
    // The ring went out through Alice's Worker and came in through Bob's SDK: each loaded the wire code.
    assert.deepEqual(
      wire.alice,
      ['cryptalk-worker-room-call-wire.js'],
      'the call loaded the wire code at Alice',
    );
    assert.deepEqual(
      wire.bob,
      [`cryptalk-${bobPlacement === 'worker' ? 'worker' : 'client'}-room-call-wire.js`],
      'the ring loaded the wire code at Bob',
    );
    await ring.locator('[part=accept-video]').click();
    await chat(bob).locator('cryptalk-call-view').waitFor({ timeout: WAIT_MS });
    for (const [p, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      await chat(p)
        .locator('cryptalk-call-view [part=status]', { hasText: 'Connected' })
        .waitFor({ timeout: WAIT_MS });
      await framesGrow(p, name, (line) => t.diagnostic(line));
    }
    await chat(alice).locator('cryptalk-call-view [part=hang-up]').click();
    for (const p of [alice, bob])
      await chat(p).locator('cryptalk-call-view').waitFor({ state: 'detached', timeout: WAIT_MS });

    // ── Alice calls again; Bob declines: Alice's view says so, and closes ──
    await chat(alice).locator('[data-call=audio]').click();
    await ring.waitFor({ timeout: WAIT_MS });
    await ring.locator('[part=decline]').click();
    await ring.waitFor({ state: 'detached', timeout: WAIT_MS });
    const ended = chat(alice).locator('cryptalk-call-view [part=ended]');
    await ended.waitFor({ timeout: WAIT_MS });
    assert.match((await ended.textContent()) ?? '', /declined/);
    await chat(alice).locator('cryptalk-call-view [part=close]').click();
    await chat(alice).locator('cryptalk-call-view').waitFor({ state: 'detached', timeout: WAIT_MS });

    // ── Alice calls and hangs up before Bob answers: his ringing card goes away ──
    await chat(alice).locator('[data-call=audio]').click();
    await ring.waitFor({ timeout: WAIT_MS });
    await chat(alice).locator('cryptalk-call-view [part=hang-up]').click();
    await ring.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await chat(bob).locator('cryptalk-call-view').count(), 0, 'no call at Bob');
    assert.deepEqual(errors, [], 'no uncaught errors in the pages');
  });

/** The chat frame of a host page (the relay's `/embed` document), once it can send and call. */
async function chatFrame(p: Page): Promise<Frame> {
  await chat(p).locator('iframe').waitFor({ timeout: WAIT_MS });
  const deadline = Date.now() + WAIT_MS;
  let frame = p.frames().find((f) => f.url().includes('/embed?'));
  while (!frame && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    frame = p.frames().find((f) => f.url().includes('/embed?'));
  }
  assert.ok(frame, 'the chat frame loaded');
  await ready(frame);
  return frame;
}

test('frame placement (calls on for the site, LiveKit configured): two people start and answer a video call with frames on both sides; with a third the call goes through LiveKit with E2EE; no CSP violation, every frame file served', async (t) => {
  const contexts: BrowserContext[] = [];
  let frameRelay: Relay | undefined;
  const livekit = await startLiveKit();
  /** Console warnings and errors, and failed responses, printed when there are any. */
  const logs: string[] = [];
  t.after(async () => {
    if (logs.length) t.diagnostic(logs.slice(-40).join('\n'));
    for (const c of contexts) await c.close();
    await frameRelay?.close();
    await livekit.stop();
  });
  const port = await freePort();
  const relayOrigin = `http://127.0.0.1:${port}`;
  const siteOrigin = new URL(site.url).origin;
  frameRelay = await createRelay({
    ...callsRelayOptions(site.url),
    port,
    // The frame opens its socket from the relay's own origin (docs/security.md).
    allowedOrigins: [siteOrigin, relayOrigin],
    livekitUrl: livekit.url,
    livekitApiKey: livekit.apiKey,
    livekitApiSecret: livekit.apiSecret,
    embed: { sites: [{ origin: siteOrigin, calls: true }], assetsDir: join(ROOT, 'widget/dist') },
  });
  const relayUrl = frameRelay.url;
  const errors: string[] = [];
  /** CSP violations in any document of any page (the frame's above all). */
  const violations: string[] = [];
  /** Every file the relay served under `/embed/`, with its status. */
  const served = new Map<string, number>();

  /** Opens a host page with the chat in the relay's frame, `calls` on; resolves once the frame can call. */
  async function person(name: string, room: string): Promise<{ page: Page; frame: Frame }> {
    const context = await browser.newContext();
    contexts.push(context);
    await context.addInitScript(() => {
      addEventListener('securitypolicyviolation', (e) =>
        console.error(`csp-violation ${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
    page.on('console', (m) => {
      if (m.text().startsWith('csp-violation')) violations.push(`${name}: ${m.text().slice(0, 200)}`);
      // Warnings and errors only, cut: LiveKit logs every step, and its lines carry long join URLs.
      if (m.type() === 'error' || m.type() === 'warning')
        logs.push(`${name} ${m.type()}: ${m.text().slice(0, 300)} @${m.location().url}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400) logs.push(`${name} response ${r.status()}: ${r.url().slice(0, 200)}`);
      const url = new URL(r.url());
      if (url.origin === relayOrigin && url.pathname.startsWith('/embed/'))
        served.set(url.pathname.slice('/embed/'.length), r.status());
    });
    const file = hostPage(`${name}-frame.html`, 'frame', room, relayUrl, 'calls');
    await page.goto(`${site.url}/${file}`);
    return { page, frame: await chatFrame(page) };
  }

  /** Sends a message from `from` and waits until each of `to` shows it (their groups have `from` in them). */
  async function hello(from: Frame, to: Frame[]): Promise<void> {
    const text = `hello ${Date.now()}`;
    await from.locator('textarea').fill(text);
    await from.locator('textarea').press('Enter');
    for (const f of to) await f.locator('[part=text]', { hasText: text }).waitFor({ timeout: WAIT_MS });
  }

  const alice = await person('alice', `calls-frame-${Date.now().toString(36)}`);
  const invite = await alice.frame.evaluate(() => {
    const panel = document.querySelector('cryptalk-panel') as unknown as {
      backend: { inviteLink(room: string): Promise<string> };
      room: string;
    };
    return panel.backend.inviteLink(panel.room);
  });
  const bob = await person('bob', invite);
  await hello(bob.frame, [alice.frame]);

  // ── Two people: Alice starts a video call, Bob answers; P2P, frames on both sides; Alice hangs up ──
  await alice.frame.locator('[data-call=video]').click();
  const ring = bob.frame.locator('cryptalk-incoming-call');
  await ring.waitFor({ timeout: WAIT_MS });
  await ring.locator('[part=accept-video]').click();
  for (const [p, name] of [
    [alice, 'alice'],
    [bob, 'bob'],
  ] as const) {
    await p.frame
      .locator('cryptalk-call-view [part=status]', { hasText: 'Connected' })
      .waitFor({ timeout: WAIT_MS });
    assert.equal(
      await p.frame.locator('cryptalk-call-view [part=mode-badge]').textContent(),
      'Direct connection',
      `${name}: two people call P2P`,
    );
    await framesGrow(p.page, `${name} (frame, P2P)`, (line) => t.diagnostic(line), p.frame);
  }
  await alice.frame.locator('cryptalk-call-view [part=hang-up]').click();
  for (const p of [alice, bob])
    await p.frame.locator('cryptalk-call-view').waitFor({ state: 'detached', timeout: WAIT_MS });

  // ── Three people: the call goes through LiveKit, media end-to-end encrypted by the relay-served Worker ──
  const carol = await person('carol', invite);
  await hello(carol.frame, [alice.frame, bob.frame]);
  await alice.frame.locator('[data-call=video]').click();
  for (const p of [bob, carol]) {
    const incoming = p.frame.locator('cryptalk-incoming-call');
    await incoming.waitFor({ timeout: WAIT_MS });
    await incoming.locator('[part=accept-video]').click();
  }
  for (const [p, name] of [
    [alice, 'alice'],
    [bob, 'bob'],
    [carol, 'carol'],
  ] as const) {
    const view = p.frame.locator('cryptalk-call-view');
    await view
      .locator('[part=mode-badge]', { hasText: 'Through the media server' })
      .waitFor({ timeout: WAIT_MS });
    await view.locator('[part=status]', { hasText: 'Connected' }).waitFor({ timeout: WAIT_MS });
    await framesGrow(p.page, `${name} (frame, LiveKit)`, (line) => t.diagnostic(line), p.frame);
  }
  assert.equal(served.get('cryptalk-sfu.js'), 200, 'the SFU chunk came from the relay');
  assert.equal(served.get('cryptalk-e2ee-worker.js'), 200, "LiveKit's E2EE Worker came from the relay");
  assert.deepEqual(
    [...served].filter(([, status]) => status !== 200),
    [],
    'every frame file was served',
  );
  assert.deepEqual(violations, [], "nothing was blocked by the frame's CSP");
  assert.deepEqual(errors, [], 'no uncaught errors in the pages');
});
