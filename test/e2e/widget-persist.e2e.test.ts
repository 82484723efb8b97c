/**
 * The script-tag widget (default `worker` placement) keeps its identity, its room and the room's history across
 * a reload, in its encrypted device store (IndexedDB opened inside the Worker, key wrapped by a non-extractable
 * WebCrypto key); with `persist="none"` it keeps nothing. A Node client is the other member of the room.
 * Needs the widget's script-tag build (built here when missing or stale).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { CrypTalkClient, type Room } from '@cryptalk/sdk';
import { build } from 'esbuild';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { launchChromium } from '../helpers/browser.js';
import { ROOT } from '../helpers/processes.js';
import type { IndexedDbDump } from './fixtures/raw-indexeddb.js';

const WAIT_MS = 20_000;
const ROOM = 'demo-room-0123456789abcdef'; // the demo page's `room` attribute

let relay: Relay;
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;
let bob: CrypTalkClient;
/** test/e2e/fixtures/raw-indexeddb.ts as a script defining `RawIndexedDb` (evaluated over CDP, so CSP allows it). */
let dumper: string;

before(async () => {
  await ensureWidgetBuild();
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
  });
  demo = await startDemo({ relayUrl: relay.url });
  bob = await CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName: 'Bob Node',
  });
  browser = await launchChromium();
  const out = await build({
    entryPoints: [join(ROOT, 'test/e2e/fixtures/raw-indexeddb.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'RawIndexedDb',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  dumper = out.outputFiles[0]?.text ?? '';
});

after(async () => {
  await browser?.close();
  await bob?.close();
  await demo?.close();
  await relay?.close();
});

const chat = (page: Page) => page.locator('cryptalk-chat');

/** Opens the panel (unless it reopened by itself) and waits until the chat can send. */
async function openChat(page: Page): Promise<void> {
  const textarea = chat(page).locator('textarea');
  await page.waitForFunction(() => customElements.get('cryptalk-chat') !== undefined);
  // After a reload the element reopens by itself (its open state is kept for the tab's session).
  const open = await page.evaluate(
    () => (document.querySelector('cryptalk-chat') as unknown as { open: boolean }).open,
  );
  if (!open) await chat(page).locator('[part=launcher]').click();
  await textarea.waitFor({ state: 'visible' });
  await chat(page).locator('[part=send]:not([disabled])').waitFor({ timeout: 30_000 });
}

async function say(page: Page, text: string): Promise<void> {
  await chat(page).locator('textarea').fill(text);
  await chat(page).locator('textarea').press('Enter');
}

async function shows(page: Page, text: string): Promise<void> {
  await chat(page).locator('[part=text]', { hasText: text }).first().waitFor({ timeout: WAIT_MS });
}

/** Calls the element's backend (a `RemoteBackend` over the Worker for the default placement). */
function backend<T>(page: Page, method: 'inviteLink' | 'safetyNumber'): Promise<T> {
  return page.evaluate(
    ([m, room]) =>
      (
        document.querySelector('cryptalk-chat') as unknown as {
          backend: Record<string, (room: string) => Promise<unknown>>;
        }
      ).backend[m as string]?.(room as string) as Promise<T>,
    [method, ROOM] as const,
  );
}

async function bobSees(room: Room, text: string): Promise<void> {
  const end = Date.now() + WAIT_MS;
  while (Date.now() < end) {
    if ((await room.history({ limit: 100 })).messages.some((m) => m.text === text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Bob did not receive a message in ${WAIT_MS} ms`);
}

/** The room id of an invite link (`…#ct1.g.<room>.…`). */
const roomOf = (link: string) => link.slice(link.indexOf('#') + 1).split('.')[2];

/** The page origin's IndexedDB database names. */
function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** A new page of `context` on the demo with the chat open (its page errors collected), and Bob in its room. */
async function openWithBob(context: BrowserContext) {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${demo.url}/`);
  await openChat(page);
  const invite = await backend<string>(page, 'inviteLink');
  const bobRoom = await bob.joinByLink(invite);
  return { page, errors, invite, bobRoom };
}

/**
 * Makes the network refuse Dexie's chunk (Playwright's routes cover the Worker's requests too) whenever
 * `refuse(refusedSoFar)` says so, and counts the requests refused and served.
 */
async function routeDexieChunk(context: BrowserContext, refuse: (refusedSoFar: number) => boolean) {
  const counts = { refused: 0, served: 0 };
  await context.route('**/cryptalk-worker-dexie-schema.js', (route) => {
    if (!refuse(counts.refused)) {
      counts.served++;
      return route.continue();
    }
    counts.refused++;
    return route.fulfill({ status: 503, body: 'unavailable' });
  });
  return counts;
}

test('the script-tag widget (worker placement) keeps its identity, room and history across a reload', async (t) => {
  const context = await browser.newContext();
  const requested: string[] = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const { page, errors, invite, bobRoom } = await openWithBob(context);

  const first = `before the reload ${Date.now()}`;
  await say(page, first);
  await bobSees(bobRoom, first);
  const reply = `bob answers ${Date.now()}`;
  await bobRoom.send(reply);
  await shows(page, reply);
  const safety = await backend<string>(page, 'safetyNumber');
  const members = bobRoom.members().length;
  assert.equal(members, 2);

  // The store is the relay's device store, opened by the Worker in this page's origin; nothing readable in it.
  const names = await databases(page);
  const store = names.find((n) => n === `cryptalk-widget ${relay.url}`);
  assert.ok(store, `the widget's device store exists (databases: ${JSON.stringify(names)})`);

  // Dexie (a lazy chunk) created the device store's database on this first open; every later open finds the
  // schema in place and uses the native IndexedDB API alone.
  assert.ok(
    requested.some((p) => p.endsWith('/cryptalk-worker-dexie-schema.js')),
    `the first open loads Dexie to create the database (${JSON.stringify(requested.filter((p) => p.includes('cryptalk')))})`,
  );
  const beforeReload = requested.length;

  const t0 = Date.now();
  await page.reload();
  await openChat(page);
  await shows(page, first);
  t.diagnostic(`reload → chat ready with its history: ${Date.now() - t0} ms (Worker, device store, rejoin)`);
  await shows(page, reply);
  assert.equal(await backend<string>(page, 'safetyNumber'), safety, 'the same identity after the reload');
  assert.equal(bobRoom.members().length, members, 'the widget rejoined as itself, not as a new member');

  const after = `after the reload ${Date.now()}`;
  await say(page, after);
  await bobSees(bobRoom, after);
  const again = `bob again ${Date.now()}`;
  await bobRoom.send(again);
  await shows(page, again);
  assert.deepEqual(errors, []);
  const afterReload = requested.slice(beforeReload);
  assert.ok(
    afterReload.some((p) => p.endsWith('/cryptalk-worker.js')),
    'the reload starts the Worker again (so its chunk requests are seen)',
  );
  assert.deepEqual(
    afterReload.filter((p) => p.includes('dexie')),
    [],
    'the reopened store does not load Dexie',
  );

  // The raw database, read with the native API from the page's origin: sealed records only.
  const dump = (await page.evaluate(
    `${dumper}\nRawIndexedDb.dumpIndexedDb(${JSON.stringify(store)})`,
  )) as IndexedDbDump;
  assert.ok((dump.counts.messages ?? 0) >= 4, `the messages are stored (${JSON.stringify(dump.counts)})`);
  assert.equal(dump.cryptoKeys, 1, 'the device key is kept as a CryptoKey');
  for (const text of [first, reply, after, again, 'Bob Node', invite.slice(invite.indexOf('#') + 1)]) {
    assert.ok(!dump.text.includes(text), `the raw store holds no copy of "${text.slice(0, 20)}…"`);
  }
  assert.ok(dump.text.includes('[CryptoKey AES-GCM extractable=false'), 'the device key is non-extractable');
  // The device store is the client's store: the SDK's in-memory store (a lazy chunk) is never downloaded.
  assert.deepEqual(
    requested.filter((p) => p.includes('memory-store')),
    [],
    'no in-memory store loaded',
  );
  await page.context().close();
  await bobRoom.leave().catch(() => undefined);
});

test('persist="none": nothing is kept, a reload starts a new identity', async () => {
  const context = await browser.newContext();
  const requested: string[] = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const page = await context.newPage();
  const optOut = () => document.querySelector('cryptalk-chat')?.setAttribute('persist', 'none');
  await page.goto(`${demo.url}/`);
  await page.evaluate(optOut);
  await openChat(page);
  const invite = await backend<string>(page, 'inviteLink');
  const bobRoom = await bob.joinByLink(invite);
  const first = `kiosk message ${Date.now()}`;
  await say(page, first);
  await bobSees(bobRoom, first);
  assert.deepEqual(
    (await databases(page)).filter((n) => n.startsWith('cryptalk-widget')),
    [],
    'no device store was created',
  );
  assert.ok(
    requested.some((p) => p.endsWith('/cryptalk-worker-memory-store.js')),
    `the Worker loaded the in-memory store (${requested.filter((p) => p.endsWith('.js')).join(', ')})`,
  );
  assert.deepEqual(
    requested.filter((p) => p.includes('dexie')),
    [],
    "a first visit that keeps nothing does not preload Dexie (the Worker's name tells it)",
  );

  // Forget the tab's open state, so the panel waits for the attribute before it loads.
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.evaluate(optOut);
  await openChat(page);
  const fresh = await backend<string>(page, 'inviteLink');
  assert.notEqual(roomOf(fresh), roomOf(invite), 'a new room: the old one was not kept');
  assert.equal(await chat(page).locator('[part=text]', { hasText: first }).count(), 0, 'no history kept');
  await page.context().close();
  await bobRoom.leave().catch(() => undefined);
});

test("a failed download of Dexie's chunk: the chat runs in memory, and the next visit creates the device store", async () => {
  const context = await browser.newContext();
  const requested: string[] = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));
  // the network refuses Dexie's chunk during the whole first visit: the Worker's preload and every try of the
  // store's open ask for it
  let refusing = true;
  const dexie = await routeDexieChunk(context, () => refusing);
  const { page, errors, bobRoom } = await openWithBob(context);
  const first = `without a device store ${Date.now()}`;
  await say(page, first);
  await bobSees(bobRoom, first);
  assert.ok(dexie.refused >= 1, "the Worker asked for Dexie's chunk and was refused");
  assert.ok(
    requested.some((p) => p.endsWith('/cryptalk-worker-memory-store.js')),
    'the Worker fell back to the in-memory store',
  );
  assert.deepEqual(
    (await databases(page)).filter((n) => n.startsWith('cryptalk-widget')),
    [],
    'no half-made device store is left behind',
  );

  refusing = false;
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await openChat(page);
  await backend<string>(page, 'inviteLink');
  assert.equal(dexie.served, 1, "the next visit loaded Dexie's chunk, once");
  const names = await databases(page);
  assert.ok(
    names.includes(`cryptalk-widget ${relay.url}`),
    `the device store exists now (databases: ${JSON.stringify(names)})`,
  );
  assert.deepEqual(errors, []);
  await context.close();
  await bobRoom.leave().catch(() => undefined);
});

test('a Dexie download that fails once or twice is tried again: the first visit keeps its device store', async () => {
  const context = await browser.newContext();
  // the Worker's preload and the store's first try both fail; the store's next try succeeds
  const dexie = await routeDexieChunk(context, (refusedSoFar) => refusedSoFar < 2);
  const { page, errors, bobRoom } = await openWithBob(context);
  const first = `kept despite a blip ${Date.now()}`;
  await say(page, first);
  await bobSees(bobRoom, first);
  assert.deepEqual(dexie, { refused: 2, served: 1 });
  const names = await databases(page);
  assert.ok(
    names.includes(`cryptalk-widget ${relay.url}`),
    `the device store was created on this visit (databases: ${JSON.stringify(names)})`,
  );
  await page.reload();
  await openChat(page);
  await shows(page, first);
  assert.deepEqual(errors, []);
  await context.close();
  await bobRoom.leave().catch(() => undefined);
});
