/**
 * Isolation of the chat from the host page (issue #9), in real Chromium:
 * - `frame`: UI and SDK in the relay's cross-origin `/embed` frame. A hostile script on the host page tries
 *   to read keys, storage, plaintext and the chat's DOM, to post forged commands (also from a third-origin
 *   frame), and another site tries to embed the frame: all fail, and two people keep chatting.
 * - theme tokens and locale set on the host element reach the frame and show in a screenshot.
 * - `worker`: receiving 1,000 messages causes no main-thread long task (PerformanceObserver `longtask`). The
 *   sender is a Node client in this process (no second browser competing for the CPU): the check is about the
 *   receiver's main thread, which stays a real widget in the real `worker` placement on the real relay. A
 *   Chromium trace of the burst gives each main-thread task's CPU time, which tells the widget's work from the
 *   OS pausing the renderer on an overloaded machine: see {@link judgeLongTasks} for the rule.
 *
 * Origins: the relay (and so the frame) is http://127.0.0.1:<relay port>; the host site is
 * http://localhost:<site port>; a site the relay does not list is http://localhost:<evil port>.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { CrypTalkClient } from '@cryptalk/sdk';
import type { Browser, Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import WebSocket from 'ws';
import { createRelay, type Relay } from '../../relay/src/index.js';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { MESSAGE_LIST_PLAIN_MAX } from '../../widget/src/limits.js';
import { launchChromium } from '../helpers/browser.js';
import { ROOT } from '../helpers/processes.js';

type Server = Awaited<ReturnType<typeof startDemo>>;

/** Serves `dir` at `/` and the widget's build at `/dist/` (the demo server, pointed at a test folder). */
const serve = (dir: string) => startDemo({ example: relative(join(ROOT, 'examples'), dir) });

const ROOM = `isolation-room-${Date.now().toString(36)}`;
const ACCENT = 'rgb(15, 118, 110)';
let relay: Relay;
let site: Server;
let evil: Server;
let siteOrigin: string;
let evilOrigin: string;
let browser: Browser;
const pages = mkdtempSync(join(tmpdir(), 'cryptalk-isolation-'));
const evilPages = mkdtempSync(join(tmpdir(), 'cryptalk-isolation-evil-'));

/** A `<cryptalk-chat>` in inline mode; `room` is a name (a new room) or an invite link (joins it). */
const chat = (placement: string, room: string, extra = '') =>
  `<cryptalk-chat placement="${placement}" relay="${relay.url}" room="${room.replace(/[&"<]/g, (c) => `&#${c.charCodeAt(0)};`)}" brand="Iso" ${extra.includes('mode=') ? '' : 'mode="inline"'} ${extra}></cryptalk-chat>`;

/** Writes a host page on the listed site and returns its file name. */
function hostPage(name: string, placement: string, room: string, extra = ''): string {
  const head = '<link rel="stylesheet" href="/host.css"><script src="/dist/cryptalk.js" async></script>';
  writeFileSync(join(pages, name), html(`<div class="box">${chat(placement, room, extra)}</div>`, head));
  return name;
}

/** The invite link of the room a page's chat created (read by the test harness, not by the page). */
async function inviteOf(target: Page | Frame, frame: boolean): Promise<string> {
  return target.evaluate(async (inFrame) => {
    type Holder = { backend: { inviteLink(room: string): Promise<string> }; room?: string };
    const el = document.querySelector(inFrame ? 'cryptalk-panel' : 'cryptalk-chat') as unknown as Holder;
    const room = inFrame
      ? (el.room as string)
      : ((el as unknown as HTMLElement).getAttribute('room') as string);
    return el.backend.inviteLink(room);
  }, frame);
}

const html = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>${head}</head><body>${body}</body></html>`;

before(async () => {
  await ensureWidgetBuild();
  site = await serve(pages);
  evil = await serve(evilPages);
  siteOrigin = `http://localhost:${site.port}`;
  evilOrigin = `http://localhost:${evil.port}`;
  relay = await createRelay({
    port: 0,
    embed: { sites: [{ origin: siteOrigin }], assetsDir: join(ROOT, 'widget/dist') },
    // 1,000 messages from one sender in a few seconds.
    connFramesPerSec: 100_000,
    connFramesBurst: 100_000,
    ipFramesPerSec: 1_000_000,
    ipFramesBurst: 1_000_000,
  });
  writeFileSync(
    join(pages, 'host.css'),
    `body{margin:0} .box{width:380px;height:560px} cryptalk-chat{--ct-color-accent:${ACCENT}}`,
  );
  // A third-origin frame on the host page that posts forged commands to the chat frame.
  writeFileSync(join(evilPages, 'forger.js'), forgerScript());
  writeFileSync(join(evilPages, 'forger.html'), html('', '<script src="/forger.js"></script>'));
  // Another site that tries to embed the chat: through the element, and with a hand-made iframe that
  // claims to be the allowed site.
  writeFileSync(
    join(evilPages, 'embed.html'),
    html(
      `<div class="box">${chat('frame', ROOM)}</div><iframe id="manual" src="${relay.url.replace('ws:', 'http:')}/embed?origin=${encodeURIComponent(siteOrigin)}"></iframe>`,
      '<script src="/dist/cryptalk.js" async></script><script src="/listen.js"></script>',
    ),
  );
  writeFileSync(
    join(evilPages, 'listen.js'),
    "window.heard=[];addEventListener('message',(e)=>window.heard.push(JSON.stringify(e.data)));",
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await site?.close();
  await evil?.close();
  rmSync(pages, { recursive: true, force: true });
  rmSync(evilPages, { recursive: true, force: true });
});

/** What the forger frame posts to its parent's first frame (the chat): a `send` and a key export. */
function forgerScript(): string {
  return `
const chat = parent.frames[0];
for (const [id, cmd, args] of [[7001, 'send', ['forged-from-a-third-origin']], [7002, 'exportKeys', []]]) {
  chat.postMessage({ $ct: 'cryptalk-remote', v: 1, k: 'call', id, cmd, args }, '*');
}`;
}

/** The chat frame of a host page, once its composer can send. */
async function chatFrame(page: Page): Promise<Frame> {
  await page.locator('cryptalk-chat iframe').waitFor({ timeout: 15_000 });
  const deadline = Date.now() + 15_000;
  let frame: Frame | undefined;
  while (!frame && Date.now() < deadline) {
    frame = page.frames().find((f) => f.url().includes('/embed?'));
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, 'the chat frame loaded');
  await frame.locator('[part=send]:not([disabled])').waitFor({ timeout: 20_000 });
  return frame;
}

async function sendIn(frame: Frame, text: string): Promise<void> {
  await frame.locator('textarea').fill(text);
  await frame.locator('textarea').press('Enter');
}

/** The paths each page opened by {@link open} requested, its frames' included. */
const requestedBy = new WeakMap<Page, string[]>();

async function open(path: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 800, height: 700 } })).newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  requestedBy.set(page, requested);
  await page.goto(`${siteOrigin}/${path}`);
  return page;
}

test('frame: the host page cannot read keys, storage, plaintext or the DOM, nor forge commands; the chat works', async () => {
  const alice = await open(hostPage('frame-alice.html', 'frame', `${ROOM}-frame`, 'locale="de"'));
  const errors: string[] = [];
  alice.on('pageerror', (e) => errors.push(e.message));
  // The hostile script starts listening before anything is said.
  await alice.evaluate(() => {
    const w = window as unknown as { heard: string[] };
    w.heard = [];
    addEventListener('message', (e) => w.heard.push(JSON.stringify(e.data)));
    document.addEventListener(
      'cryptalk-message',
      (e) => w.heard.push(JSON.stringify((e as unknown as { message: unknown }).message)),
      true,
    );
  });
  const aliceFrame = await chatFrame(alice);
  const bob = await open(hostPage('frame-bob.html', 'frame', await inviteOf(aliceFrame, true)));
  bob.on('pageerror', (e) => errors.push(e.message));
  const bobFrame = await chatFrame(bob);
  assert.notEqual(new URL(aliceFrame.url()).origin, siteOrigin, 'the chat runs in another origin');

  const secret = `secret-${Date.now()}`;
  await sendIn(bobFrame, secret);
  await aliceFrame.locator('[part=text]', { hasText: secret }).waitFor({ timeout: 15_000 });
  // A group room in the frame: X25519 and Ed25519 on Chromium's WebCrypto, noble's curves never fetched
  for (const page of [alice, bob]) {
    const requested = requestedBy.get(page) ?? [];
    assert.ok(requested.includes('/embed/cryptalk-frame.js'), 'the frame loaded');
    assert.ok(
      !requested.some((p) => p.includes('sync-curves')),
      `a group room in the frame loads no noble curves (${requested.filter((p) => p.endsWith('.js')).join(', ')})`,
    );
    // Bob's admission (Alice's commit and Welcome, Bob's join) loaded the membership code with the HPKE framing,
    // served beside the frame
    assert.ok(
      requested.includes('/embed/cryptalk-frame-group-membership.js'),
      `the frame loaded its membership chunk from the relay (${requested.filter((p) => p.endsWith('.js')).join(', ')})`,
    );
  }

  const seen = await alice.evaluate(async (secretText) => {
    const el = document.querySelector('cryptalk-chat') as HTMLElement & { backend?: unknown };
    const iframe = el.shadowRoot?.querySelector('iframe') as HTMLIFrameElement;
    let domRead = 'blocked';
    try {
      domRead = String(iframe.contentWindow?.document.body.innerHTML);
    } catch {
      domRead = 'blocked';
    }
    const storage = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    const dbs = (await indexedDB.databases()).map((d) => d.name);
    const cookies = document.cookie;
    const shadowText = el.shadowRoot?.innerHTML ?? '';
    return {
      contentDocument: iframe.contentDocument === null,
      domRead,
      backend: el.backend === undefined,
      sandbox: iframe.getAttribute('sandbox'),
      allow: iframe.getAttribute('allow'),
      dbs,
      leaks: [
        document.documentElement.outerHTML,
        shadowText,
        storage,
        cookies,
        ...(window as unknown as { heard: string[] }).heard,
      ].filter((s) => s.includes(secretText)).length,
      heard: (window as unknown as { heard: string[] }).heard.length,
    };
  }, secret);
  assert.equal(seen.contentDocument, true, 'contentDocument is null for the host page');
  assert.equal(seen.domRead, 'blocked', "reading the frame's DOM throws");
  assert.equal(seen.backend, true, 'the host element holds no backend (no client, no keys)');
  assert.deepEqual(seen.dbs, [], 'the host origin has no IndexedDB of the chat');
  assert.equal(
    seen.leaks,
    0,
    'no plaintext in the host DOM, storage, cookies, postMessage traffic or events',
  );
  assert.ok(seen.heard > 0, 'the hostile listener did hear the (redacted) traffic');
  assert.ok(seen.sandbox?.includes('allow-scripts') && seen.sandbox.includes('allow-same-origin'));
  assert.equal(seen.allow, '', 'no camera or microphone without calls');

  // Forged commands from the host page itself: anything outside the schema or with bad arguments fails.
  const answers = await alice.evaluate(async () => {
    const el = document.querySelector('cryptalk-chat') as HTMLElement;
    const chat = (el.shadowRoot as ShadowRoot).querySelector('iframe')?.contentWindow as Window;
    const got = new Map<number, unknown>();
    addEventListener('message', (e) => {
      const d = e.data as { id?: number };
      if (typeof d?.id === 'number' && d.id >= 9000) got.set(d.id, d);
    });
    // (No named functions in here: the test's TypeScript transform would wrap them with a helper.)
    for (const [id, cmd, args] of [
      [9001, 'exportKeys', []],
      [9002, 'join', ['another-room']],
      [9003, 'hello', [{ relay: 'ws://evil', inviteBase: '' }]],
      [9004, 'send', [{ text: 'not a string' }]],
      [9005, 'configure', [{ room: 'x', tokens: { 'background-image': 'url(https://evil)' } }]],
      [9006, '__proto__', []],
      [9007, 'history', []],
    ] as const) {
      chat.postMessage({ $ct: 'cryptalk-remote', v: 1, k: 'call', id, cmd, args }, '*');
    }
    await new Promise((r) => setTimeout(r, 1500));
    return [...got.entries()].map(([id, d]) => [
      id,
      (d as { k: string; error?: { code: string } }).k,
      (d as { error?: { code: string } }).error?.code,
    ]);
  });
  const byId = new Map(answers.map(([id, k, code]) => [id, `${k}:${code}`]));
  assert.equal(byId.get(9001), 'err:REMOTE_UNKNOWN_COMMAND');
  assert.equal(byId.get(9002), 'err:REMOTE_UNKNOWN_COMMAND');
  assert.equal(byId.get(9003), 'err:REMOTE_UNKNOWN_COMMAND');
  assert.equal(byId.get(9004), 'err:REMOTE_BAD_ARGS');
  assert.equal(byId.get(9005), 'err:REMOTE_BAD_ARGS');
  assert.ok(byId.get(9006)?.startsWith('err:'), `__proto__ refused (${byId.get(9006)})`);
  assert.equal(byId.get(9007), 'err:REMOTE_UNKNOWN_COMMAND');
  assert.equal(answers.length, 7, 'every forged call was answered with an error, none with data');

  // A third-origin frame on the host page posts a `send` to the chat frame: dropped (wrong window/origin).
  await alice.evaluate((src) => {
    const f = document.createElement('iframe');
    f.src = src;
    document.body.append(f);
  }, `${evilOrigin}/forger.html`);
  await alice.waitForTimeout(1500);

  // The chat still works both ways, and the forged text never arrived.
  const after = `still-works-${Date.now()}`;
  await sendIn(aliceFrame, after);
  await bobFrame.locator('[part=text]', { hasText: after }).waitFor({ timeout: 15_000 });
  const reply = `reply-${Date.now()}`;
  await sendIn(bobFrame, reply);
  await aliceFrame.locator('[part=text]', { hasText: reply }).waitFor({ timeout: 15_000 });
  assert.equal(await bobFrame.locator('[part=text]', { hasText: 'forged-from-a-third-origin' }).count(), 0);
  // The page API still drives the chat (same behaviour in every placement).
  await alice.evaluate(() =>
    (window as unknown as { CrypTalk: { send(t: string): Promise<void> } }).CrypTalk.send('via-page-api'),
  );
  await bobFrame.locator('[part=text]', { hasText: 'via-page-api' }).waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  await alice.context().close();
  await bob.context().close();
});

// The message list's virtual list is a lazy chunk the relay serves beside the frame (from build.json): a room
// that grows past MESSAGE_LIST_PLAIN_MAX messages loads it under `/embed/`, and the list then keeps only the
// rows near the view.
test('frame: a room past the plain-row limit loads the virtual list from the relay', async () => {
  const page = await open(hostPage('frame-long.html', 'frame', `${ROOM}-frame-long`));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const statuses = new Map<string, number>();
  const encodings = new Map<string, Promise<string | null>>();
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.startsWith('/embed/')) return;
    statuses.set(path, r.status());
    encodings.set(path, r.headerValue('content-encoding'));
  });
  const frame = await chatFrame(page);
  const count = MESSAGE_LIST_PLAIN_MAX + 20;
  for (let i = 0; i < count; i++) {
    await page.evaluate(
      (t) => (window as unknown as { CrypTalk: { send(t: string): Promise<void> } }).CrypTalk.send(t),
      `line ${i}`,
    );
  }
  await frame.locator('[part=text]', { hasText: `line ${count - 1}` }).waitFor({ timeout: 30_000 });
  await frame.locator('.history').waitFor({ state: 'attached', timeout: 15_000 });
  assert.equal(statuses.get('/embed/cryptalk-frame-virtual.js'), 200, 'the relay served the virtual list');
  const rows = await frame.locator('[part=message]').count();
  assert.ok(rows < count, `only the rows near the view exist (${rows} of ${count})`);
  for (const [path, status] of statuses) assert.equal(status, 200, `${path} served`);
  // The relay compresses what it serves under /embed/ (Chromium asks for gzip or Brotli).
  const encoding = await encodings.get('/embed/cryptalk-frame-virtual.js');
  assert.match(String(encoding), /^(gzip|br)$/, 'the virtual list is sent compressed');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('frame: a site the relay does not list cannot embed the chat', async () => {
  const page = await (await browser.newContext()).newPage();
  const res = await page.request.get(
    `${relay.url.replace('ws:', 'http:')}/embed?origin=${encodeURIComponent(evilOrigin)}`,
  );
  assert.equal(res.status(), 403);
  await page.goto(`${evilOrigin}/embed.html`);
  await page.locator('cryptalk-chat iframe').waitFor({ timeout: 15_000 });
  await page.waitForTimeout(3000);
  const heard = await page.evaluate(() => (window as unknown as { heard: string[] }).heard);
  assert.deepEqual(
    heard.filter((h) => h.includes('cryptalk-remote')),
    [],
    'neither frame started the chat (403 for the unlisted site, frame-ancestors for the impostor)',
  );
  for (const f of page.frames().filter((x) => x !== page.mainFrame())) {
    const panel = await f
      .evaluate(() => document.querySelector('cryptalk-panel') !== null)
      .catch(() => false);
    assert.equal(panel, false, `no chat rendered in ${f.url()}`);
  }
  await page.context().close();
});

test('frame: theme tokens and locale set on the host element reach the frame and show', async () => {
  const page = await open(hostPage('frame-theme.html', 'frame', `${ROOM}-theme`, 'locale="de"'));
  const frame = await chatFrame(page);
  const inFrame = await frame.evaluate(() => ({
    accent: getComputedStyle(document.documentElement).getPropertyValue('--ct-color-accent').trim(),
    lang: document.documentElement.lang,
  }));
  assert.equal(inFrame.accent, 'rgb(15, 118, 110)');
  assert.equal(inFrame.lang, 'de');
  const send = frame.locator('[part=send]');
  assert.equal(await send.evaluate((b) => getComputedStyle(b).backgroundColor), ACCENT);
  assert.match((await send.getAttribute('aria-label')) ?? (await send.textContent()) ?? '', /Senden/);
  // The screenshot of the chat shows the host's accent (the send button, header or launcher colour).
  const shot = PNG.sync.read(await page.locator('cryptalk-chat iframe').screenshot());
  let accentPixels = 0;
  for (let i = 0; i < shot.data.length; i += 4) {
    if (shot.data[i] === 15 && shot.data[i + 1] === 118 && shot.data[i + 2] === 110) accentPixels++;
  }
  assert.ok(accentPixels > 200, `the screenshot shows the accent colour (${accentPixels} pixels)`);
  // setTheme and setLocale through the page API reach the frame too.
  await page.evaluate(() => {
    const el = document.querySelector('cryptalk-chat') as HTMLElement & { setLocale(l: string): void };
    el.style.setProperty('--ct-color-accent', 'rgb(200, 30, 90)');
    el.setLocale('ja');
    (el as unknown as { setTheme(t: string): void }).setTheme('dark');
  });
  await frame.waitForFunction(
    () =>
      getComputedStyle(document.documentElement).getPropertyValue('--ct-color-accent').trim() ===
        'rgb(200, 30, 90)' && document.documentElement.lang === 'ja',
    undefined,
    { timeout: 10_000 },
  );
  await page.context().close();
});

/**
 * A receiver in the `worker` placement gets 1,000 messages from a Node sender; returns the
 * main-thread long tasks seen meanwhile. `open`: the panel shows them; otherwise it is loaded (`connect`)
 * but closed, so the page does only what the SDK placement costs it (and the unread badge).
 */
async function receiveBulk(open: boolean): Promise<{
  longTasks: LongTask[];
  trace: BurstTrace;
  unread: number;
  heard: string[];
  listed: string[];
  end: ListEnd;
  burstMs: number;
}> {
  const receiverContext = await browser.newContext({ viewport: { width: 800, height: 700 } });
  // Counts WebSockets opened by the page's main thread: the SDK in the Worker opens its own, not these.
  await receiverContext.addInitScript({
    content:
      'window.__mainSockets=0;const W=WebSocket;window.WebSocket=new Proxy(W,{construct(t,a){window.__mainSockets++;return Reflect.construct(t,a)}});',
  });
  const receiver = await receiverContext.newPage();
  const name = open ? 'worker-open' : 'worker-closed';
  await receiver.goto(
    `${siteOrigin}/${hostPage(`${name}.html`, 'worker', `${ROOM}-${name}`, open ? '' : 'mode="launcher" connect')}`,
  );
  await receiver
    .locator('cryptalk-chat')
    .locator('[part=send]:not([disabled])')
    .waitFor({ state: 'attached', timeout: 60_000 });
  const sender = await joinAsSender(await inviteOf(receiver, false));
  const usedWorker = await receiver.evaluate(() =>
    performance.getEntriesByType('resource').some((e) => e.name.endsWith('/cryptalk-worker.js')),
  );
  assert.ok(usedWorker, 'the receiver started cryptalk-worker.js');
  const mainSockets = await receiver.evaluate(
    () => (window as unknown as { __mainSockets: number }).__mainSockets,
  );
  assert.equal(mainSockets, 0, "the relay connection is the Worker's, not the page's");
  const COUNT = 1000;
  await warmUp(receiver);
  await receiver.evaluate((count) => {
    const w = window as unknown as {
      longTasks: Array<{ start: number; duration: number }>;
      received: number;
      heard: string[];
      done: Promise<void>;
    };
    w.longTasks = [];
    (w as unknown as { longTaskNames: string[] }).longTaskNames = [];
    w.received = 0;
    w.heard = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.longTasks.push({ start: e.startTime, duration: e.duration });
        (w as unknown as { longTaskNames: string[] }).longTaskNames.push(e.name);
      }
    }).observe({ type: 'longtask' });
    // What the long frames ran (Long Animation Frames, scripts attribution): printed when a task was long.
    const frames: string[] = [];
    (w as unknown as { longFrames: string[] }).longFrames = frames;
    if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as Array<{
          duration: number;
          renderStart: number;
          startTime: number;
          scripts: Array<{
            invoker: string;
            duration: number;
            forcedStyleAndLayoutDuration: number;
            sourceFunctionName: string;
            sourceURL: string;
            sourceCharPosition: number;
          }>;
        }>) {
          if (e.duration <= 50) continue;
          const render = e.renderStart ? e.startTime + e.duration - e.renderStart : 0;
          const scripts = e.scripts.map(
            (x) =>
              `${x.invoker} ${x.duration.toFixed(0)} [${x.sourceFunctionName}@${x.sourceURL.split('/').pop()}:${x.sourceCharPosition}]${x.forcedStyleAndLayoutDuration >= 1 ? ` (layout ${x.forcedStyleAndLayoutDuration.toFixed(0)})` : ''}`,
          );
          frames.push(
            `${e.duration.toFixed(0)} ms: ${[...scripts, `rendering ${render.toFixed(0)}`].join(' + ')}`,
          );
        }
      }).observe({ type: 'long-animation-frame' });
    }
    w.done = new Promise((resolve) => {
      document.addEventListener('cryptalk-message', (e) => {
        const m = (e as unknown as { message: { own: boolean; text: string } }).message;
        if (m.own) return;
        w.heard.push(m.text);
        if (++w.received >= count) resolve();
      });
    });
  }, COUNT);
  const stopTrace = await traceBurst(receiver);
  const started = Date.now();
  await sender.send(COUNT);
  await receiver.waitForFunction(
    () => (window as unknown as { received: number }).received >= 1000,
    undefined,
    { timeout: 240_000, polling: 100 },
  );
  // Let the last renders finish before reading the observer: with the panel open, until it lists them all.
  // (Inline: a named helper would be wrapped by the test's TypeScript transform, unknown in the page.)
  const listedIn = () =>
    receiver.evaluate(() =>
      (
        (
          document.querySelector('cryptalk-chat')?.shadowRoot?.querySelector('cryptalk-panel') as unknown as {
            messageList?: { messages: Array<{ own: boolean; text: string }> };
          } | null
        )?.messageList?.messages ?? []
      )
        .filter((m) => !m.own)
        .map((m) => m.text),
    );
  for (let i = 0; open && i < 300 && (await listedIn()).length < COUNT; i++)
    await receiver.waitForTimeout(100);
  // …and until its newest row is rendered at the bottom of the scroller (the list adds rows in groups).
  let end: ListEnd = { gap: Number.NaN, lastRow: null, lastInView: false };
  for (let i = 0; open && i < 300; i++) {
    end = await listEnd(receiver);
    if (end.lastRow !== null && end.lastInView && end.gap < 80) break;
    await receiver.waitForTimeout(100);
  }
  await receiver.waitForTimeout(500);
  const burstMs = Date.now() - started;
  const { longTasks, names, frames } = await receiver.evaluate(() => ({
    longTasks: (window as unknown as { longTasks: Array<{ start: number; duration: number }> }).longTasks,
    names: [...new Set((window as unknown as { longTaskNames: string[] }).longTaskNames)],
    frames: (window as unknown as { longFrames: string[] }).longFrames,
  }));
  const trace = await stopTrace();
  const longest = Math.max(0, ...longTasks.map((l) => l.duration));
  process.stdout.write(
    `# worker placement, panel ${open ? 'open' : 'closed'}: ${COUNT} messages received and shown in ${burstMs} ms; long tasks: ${longTasks.length} (${names.join(', ')}), longest ${longest.toFixed(0)} ms [${longTasks.map((l) => l.duration.toFixed(0)).join(', ')}]; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores\n`,
  );
  if (longTasks.length) process.stdout.write(`#   long animation frames: ${frames.join('; ')}\n`);
  const unread = await receiver.evaluate(
    () => (document.querySelector('cryptalk-chat') as unknown as { unread: number }).unread,
  );
  const heard = await receiver.evaluate(() => (window as unknown as { heard: string[] }).heard);
  const listed = await listedIn();
  await receiver.context().close();
  await sender.close();
  return { longTasks, trace, unread, heard, listed, end, burstMs };
}

/** Where the open message list ended: px below the view, the newest row's text, whether it is in view. */
interface ListEnd {
  gap: number;
  lastRow: string | null;
  lastInView: boolean;
}

/** Reads where the receiver's open message list is scrolled and whether its newest row shows. */
function listEnd(page: Page): Promise<ListEnd> {
  return page.evaluate(() => {
    const list = document
      .querySelector('cryptalk-chat')
      ?.shadowRoot?.querySelector('cryptalk-panel')
      ?.shadowRoot?.querySelector('cryptalk-message-list') as
      | (HTMLElement & { messages: Array<{ id: string }> })
      | null
      | undefined;
    const scroller = list?.shadowRoot?.querySelector<HTMLElement>('.scroller');
    const last = list?.messages.at(-1);
    if (!list || !scroller || !last) return { gap: Number.NaN, lastRow: null, lastInView: false };
    const row = list.shadowRoot?.querySelector(`[data-id="${CSS.escape(last.id)}"]`);
    const box = scroller.getBoundingClientRect();
    const rowBox = row?.getBoundingClientRect();
    return {
      gap: scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight,
      lastRow: row?.querySelector('[part=text]')?.textContent ?? null,
      lastInView: !!rowBox && rowBox.bottom <= box.bottom + 1 && rowBox.top >= box.top - 1,
    };
  });
}

/** A long task the page's PerformanceObserver reported: its start (page time) and wall-clock duration, ms. */
interface LongTask {
  start: number;
  duration: number;
}

/** A top-level task of the page's main thread in a Chromium trace: start (page time), wall and CPU time, ms. */
interface TracedTask {
  start: number;
  wall: number;
  cpu: number;
}

/** The page's main-thread tasks between the start and the end of a burst, from a Chromium trace. */
interface BurstTrace {
  tasks: TracedTask[];
}

/** The fields of a Chrome trace event read here (times in µs; `tdur` is the thread's CPU time). */
interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { message?: string } };
}

/**
 * Starts a Chromium trace (categories `toplevel`, for each task's wall and CPU time, and `devtools.timeline`)
 * and marks the start of a burst on the page's main thread; the returned function marks its end, stops the
 * trace and returns that thread's top-level tasks in between, on the page's clock.
 */
async function traceBurst(page: Page): Promise<() => Promise<BurstTrace>> {
  await browser.startTracing(page, { categories: ['__metadata', 'toplevel', 'devtools.timeline'] });
  const mark = (label: string) =>
    page.evaluate((l) => {
      const at = performance.now();
      console.timeStamp(l);
      return at;
    }, label);
  const startedAt = await mark('cryptalk-burst-start');
  return async () => {
    await mark('cryptalk-burst-end');
    const raw = JSON.parse((await browser.stopTracing()).toString()) as
      | { traceEvents: TraceEvent[] }
      | TraceEvent[];
    const events = Array.isArray(raw) ? raw : raw.traceEvents;
    const markOf = (label: string) =>
      events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === label);
    const from = markOf('cryptalk-burst-start');
    const to = markOf('cryptalk-burst-end');
    assert.ok(from && to, 'the trace holds the burst marks');
    assert.equal(`${to.pid}:${to.tid}`, `${from.pid}:${from.tid}`, 'both marks on the main thread');
    const offset = from.ts / 1000 - startedAt; // trace ms - page ms
    const tasks: TracedTask[] = [];
    let busyUntil = 0;
    for (const e of events
      .filter(
        (x) =>
          x.pid === from.pid &&
          x.tid === from.tid &&
          x.ph === 'X' &&
          x.name === 'ThreadControllerImpl::RunTask' &&
          x.ts >= from.ts &&
          x.ts <= to.ts,
      )
      .sort((a, b) => a.ts - b.ts)) {
      if (e.ts < busyUntil) continue; // a task nested in another (a nested run loop): counted in it
      busyUntil = e.ts + (e.dur ?? 0);
      const wall = (e.dur ?? 0) / 1000;
      // Without a thread time the CPU time is unknown: taken as the wall time (never excused).
      tasks.push({ start: e.ts / 1000 - offset, wall, cpu: e.tdur === undefined ? wall : e.tdur / 1000 });
    }
    return { tasks };
  };
}

/** The issue's bound for a main-thread task, ms (a long task, in the Long Tasks API's terms). */
const LONG_TASK_MS = 50;
/** The widget's own, stronger bound on the main-thread CPU time of any one task during a burst, ms. */
const TASK_CPU_MAX_MS = 25;

/**
 * The worker-mode guarantee of issue #9, checked against what the page observed and what the trace shows:
 * - every long task the PerformanceObserver reported (over {@link LONG_TASK_MS} of wall-clock time) fails
 *   the check, unless the trace shows that the same task used under {@link LONG_TASK_MS} of the main
 *   thread's CPU time: the thread was then runnable but not running (the OS gave the CPU to other processes
 *   of an overloaded machine), which is a scheduling artefact and not the widget's work. Such tasks are
 *   printed as excused, with their CPU time. A long task the trace does not show counts as a failure;
 * - and, whatever the wall clock says, no main-thread task during the burst uses more than
 *   {@link TASK_CPU_MAX_MS} of CPU time.
 * On a machine where the renderer gets the CPU, wall and CPU time agree, so this is the issue's strict
 * requirement: no long task at all.
 */
function judgeLongTasks(label: string, longTasks: LongTask[], trace: BurstTrace, burstMs: number): void {
  const { tasks } = trace;
  const cpu = tasks.reduce((sum, t) => sum + t.cpu, 0);
  const heaviest = tasks.reduce<TracedTask | undefined>((a, t) => (a && a.cpu >= t.cpu ? a : t), undefined);
  // The traced task of each observed long task: the one that starts nearest to it (the same scheduler task).
  const seen = longTasks.map((lt) => {
    let task: TracedTask | undefined;
    for (const t of tasks)
      if (
        Math.abs(t.start - lt.start) <= 4 &&
        (!task || Math.abs(t.start - lt.start) < Math.abs(task.start - lt.start))
      )
        task = t;
    return { lt, task };
  });
  const describe = ({ lt, task }: (typeof seen)[number]) =>
    `${lt.duration.toFixed(0)} ms wall / ${task ? `${task.cpu.toFixed(1)} ms CPU (traced ${task.wall.toFixed(0)} ms wall)` : 'not in the trace'}`;
  const excused = seen.filter((x) => x.task && x.task.cpu < LONG_TASK_MS);
  const failed = seen.filter((x) => !x.task || x.task.cpu >= LONG_TASK_MS);
  process.stdout.write(
    `# ${label}: trace: main-thread CPU ${cpu.toFixed(0)} ms in ${tasks.length} tasks over ${burstMs} ms, max task CPU ${(heaviest?.cpu ?? 0).toFixed(1)} ms (${(heaviest?.wall ?? 0).toFixed(1)} ms wall); long tasks ${longTasks.length}, excused ${excused.length}\n`,
  );
  if (excused.length)
    process.stdout.write(
      `#   excused long tasks (the OS paused the renderer: under ${LONG_TASK_MS} ms of CPU each): ${excused.map(describe).join('; ')}\n`,
    );
  assert.deepEqual(
    failed.map(describe),
    [],
    `no main-thread long task over ${LONG_TASK_MS} ms that the trace shows as the page's own work`,
  );
  assert.deepEqual(
    tasks
      .filter((t) => t.cpu > TASK_CPU_MAX_MS)
      .map((t) => `${t.cpu.toFixed(1)} ms CPU / ${t.wall.toFixed(0)} ms wall`),
    [],
    `no main-thread task uses over ${TASK_CPU_MAX_MS} ms of CPU during the burst`,
  );
}

/** A member of the room `invite` that sends bursts: a Node client of the SDK in this process. */
async function joinAsSender(
  invite: string,
): Promise<{ send(count: number): Promise<void>; close(): Promise<void> }> {
  const client = await CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName: 'Sender',
  });
  const room = await client.joinByLink(invite);
  return {
    // 50 at a time, as a busy member would; `bulk 0` … `bulk <count - 1>`.
    async send(count) {
      for (let i = 0; i < count; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, count - i) }, (_, j) => room.send(`bulk ${i + j}`)),
        );
      }
    },
    close: () => client.close(),
  };
}

/**
 * Runs Playwright's own helper script in the page once before the long-task observer starts: its first
 * `waitForFunction` compiles tens of ms of the harness's code on the page's main thread, which is not the chat's.
 */
async function warmUp(page: Page): Promise<void> {
  await page.waitForFunction(() => true, undefined, { polling: 100 });
}

// The Worker posts received messages to the page in bounded batches (serveBackend), so the page handles a burst
// in about fifty small tasks rather than a thousand.
test('worker: receiving 1,000 messages through the worker placement causes no main-thread long task', async () => {
  // The placement itself, without the UI: the page drives the Worker's backend through RemoteBackend.
  writeFileSync(join(pages, 'blank.html'), html('<p>host</p>'));
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${siteOrigin}/blank.html`);
  await warmUp(page);
  const invite = await page.evaluate(
    async ({ relayUrl, room }) => {
      const core = (await import('/dist/cryptalk-core.js' as string)) as {
        createWorkerBackend(init: { relay: string; inviteBase: string }): Promise<{
          connect(): Promise<void>;
          join(room: string): Promise<unknown[]>;
          inviteLink(room: string): Promise<string>;
          on(event: string, listener: (m: { own: boolean }) => void): void;
        }>;
      };
      const backend = await core.createWorkerBackend({ relay: relayUrl, inviteBase: '' });
      await backend.connect();
      await backend.join(room);
      const w = window as unknown as {
        longTasks: Array<{ start: number; duration: number }>;
        received: number;
      };
      w.longTasks = [];
      w.received = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
      backend.on('message', (m) => {
        if (!m.own) w.received++;
      });
      return backend.inviteLink(room);
    },
    { relayUrl: relay.url, room: `${ROOM}-headless` },
  );
  const sender = await joinAsSender(invite);
  const stopTrace = await traceBurst(page);
  const started = Date.now();
  await sender.send(1000);
  await page.waitForFunction(() => (window as unknown as { received: number }).received >= 1000, undefined, {
    timeout: 240_000,
    polling: 100,
  });
  await page.waitForTimeout(500);
  const burstMs = Date.now() - started;
  const longTasks = await page.evaluate(
    () => (window as unknown as { longTasks: Array<{ start: number; duration: number }> }).longTasks,
  );
  const trace = await stopTrace();
  const longest = Math.max(0, ...longTasks.map((l) => l.duration));
  process.stdout.write(
    `# worker placement, no UI: 1000 messages received in ${burstMs} ms; long tasks: ${longTasks.length}, longest ${longest.toFixed(0)} ms; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores\n`,
  );
  await sender.close();
  await page.context().close();
  judgeLongTasks('worker placement, no UI', longTasks, trace, burstMs);
});

// Closed: the panel renders nothing while not visible (it applies the messages when it shows again); the
// launcher writes its badge once per batch. The count must be exact; every task is under 3 ms of CPU.
test('worker: receiving 1,000 messages with the chat closed counts them exactly and causes no main-thread long task', async () => {
  const { longTasks, trace, unread, burstMs } = await receiveBulk(false);
  assert.equal(unread, 1000, 'every message reached the page (the unread badge counted them)');
  judgeLongTasks('worker placement, panel closed', longTasks, trace, burstMs);
});

// Open: the panel hands the list a burst in slices of up to 24 messages (each in a task of its own after a
// frame), read receipts coalesced. While the reader follows the newest message the list appends new rows to a
// plain block under the virtual list (no virtualizer update, ResizeObserver callback or second layout per
// render), adds the waiting rows together a few times a second within a time budget (a reveal the OS paused
// does not shrink the next ones), scrolls once per frame that added rows, and moves rows far out of view to
// the virtual list in steps. Every message must be listed once, in order, the list must end at the bottom
// showing the newest message, and no main-thread task may be a long task (over 50 ms) of the page's own work:
// see judgeLongTasks for how the trace tells that from the OS pausing the renderer on an overloaded machine.
test('worker: receiving 1,000 messages with the panel open lists them all and causes no main-thread long task', async () => {
  const { longTasks, trace, heard, listed, end, burstMs } = await receiveBulk(true);
  assert.deepEqual(
    [...heard].sort(),
    Array.from({ length: 1000 }, (_, i) => `bulk ${i}`).sort(),
    'every message arrived once',
  );
  assert.deepEqual(listed, heard, 'the panel lists every message once, in the order they arrived');
  assert.equal(end.lastRow, heard.at(-1), "the newest message's row is rendered");
  assert.ok(end.lastInView, 'the newest message is in view');
  assert.ok(end.gap < 80, `the list ends at the bottom (${end.gap} px below the view)`);
  judgeLongTasks('worker placement, panel open', longTasks, trace, burstMs);
});
