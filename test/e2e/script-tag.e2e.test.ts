import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CrypTalkClient } from '@cryptalk/sdk';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { launchChromium } from '../helpers/browser.js';
import { type Started, startRelayProcess } from '../helpers/processes.js';

let relay: Started;
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;

before(async () => {
  // The loader loads the chat core (widget/dist/cryptalk-core.js) on first open; build both.
  await ensureWidgetBuild();
  relay = await startRelayProcess();
  demo = await startDemo({ relayUrl: relay.url });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.close();
  await relay?.stop();
});

/** Waits until the chat can send: the core loaded, the room is created or joined. */
async function ready(page: Page): Promise<void> {
  await page.locator('cryptalk-chat').locator('textarea').waitFor({ state: 'visible' });
  await page.locator('cryptalk-chat').locator('[part=send]:not([disabled])').waitFor({ timeout: 30_000 });
}

test('two people chat through the script-tag demo: one opens the chat, the other follows its invite link', async () => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  const fetched: string[] = [];
  const fetchedBy = new Map<Page, string[]>([
    [alice, []],
    [bob, []],
  ]);
  for (const p of [alice, bob]) {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('request', (r) => {
      fetched.push(new URL(r.url()).pathname);
      fetchedBy.get(p)?.push(new URL(r.url()).pathname);
    });
  }
  /** The membership files (a group's membership code with the HPKE framing) a page requested, by name. */
  const membership = (p: Page) =>
    (fetchedBy.get(p) ?? [])
      .filter((f) => /hpke|group-membership/.test(f))
      .map((f) => f.slice(f.lastIndexOf('/') + 1));

  await alice.goto(`${demo.url}/`);
  await alice.locator('cryptalk-chat').locator('[part=launcher]').click();
  await ready(alice);
  // The invite link points at this page; its secret is in the fragment.
  const invite = await alice.evaluate(() => {
    const el = document.querySelector('cryptalk-chat') as unknown as {
      backend: { inviteLink(room: string): Promise<string> };
      getAttribute(n: string): string;
    };
    return el.backend.inviteLink(el.getAttribute('room'));
  });
  assert.ok(invite.startsWith(`${demo.url}/#ct1.`), 'the invite link opens this page');
  // A first open (a new identity, device store and group room, and the invite sent into it) needs no HPKE, nor
  // the membership code (which admits joiners)
  assert.deepEqual(membership(alice), [], 'a new group room loads no membership code or HPKE framing');

  // Bob follows the link: the widget opens by itself and joins.
  await bob.goto(invite);
  await ready(bob);

  const text = `hello from alice ${Date.now()}`;
  await alice.locator('cryptalk-chat').locator('textarea').fill(text);
  await alice.locator('cryptalk-chat').locator('textarea').press('Enter');
  const bobMessage = bob.locator('cryptalk-chat').locator('[part=text]', { hasText: text });
  await bobMessage.waitFor({ timeout: 15_000 });
  assert.equal(await bobMessage.count(), 1);
  assert.equal(
    await alice.locator('cryptalk-chat').locator('[part=message].own [part=text]', { hasText: text }).count(),
    1,
  );

  const reply = `hi alice ${Date.now()}`;
  await bob.locator('cryptalk-chat').locator('textarea').fill(reply);
  await bob.locator('cryptalk-chat').locator('textarea').press('Enter');
  await alice
    .locator('cryptalk-chat')
    .locator('[part=text]', { hasText: reply })
    .waitFor({ timeout: 15_000 });
  assert.deepEqual(errors, []);
  // Admitting Bob (a commit and its Welcome) and his join loaded the membership code with the HPKE framing, one
  // file beside each Worker
  for (const p of [alice, bob])
    assert.deepEqual(
      membership(p),
      ['cryptalk-worker-group-membership.js'],
      'the membership chunk loaded once, on the add',
    );
  // A chat on a relay never downloads the demo backend, nor noble's AES-GCM (group rooms use WebCrypto's).
  assert.deepEqual(
    fetched.filter((f) => /memory-backend|aes-gcm/.test(f)),
    [],
    'no demo backend or AES chunk loaded',
  );
});

test('script tag: relay="memory:" loads the demo backend beside the UI and chats without a server', async () => {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  const fetched: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${demo.url}/`);
  await page.waitForFunction(() => customElements.get('cryptalk-chat') !== undefined);
  // The demo page's chat, replaced by one on the in-page demo backend before anything opened.
  await page.evaluate(() => {
    const old = document.querySelector('cryptalk-chat');
    const chat = document.createElement('cryptalk-chat');
    chat.setAttribute('relay', 'memory:');
    chat.setAttribute('room', 'demo');
    old?.replaceWith(chat);
  });
  await page.locator('cryptalk-chat').locator('[part=launcher]').click();
  await ready(page);
  await page.locator('cryptalk-chat').locator('textarea').fill('kept in memory');
  await page.locator('cryptalk-chat').locator('textarea').press('Enter');
  await page.locator('cryptalk-chat').locator('[part=text]', { hasText: 'kept in memory' }).waitFor();
  assert.ok(
    fetched.some((f) => f.endsWith('/cryptalk-ui-memory-backend.js')),
    `the demo backend loads beside the UI (${fetched.filter((f) => f.endsWith('.js')).join(', ')})`,
  );
  assert.ok(!fetched.some((f) => f.endsWith('/cryptalk-worker.js')), 'the in-page demo starts no Worker');
  assert.deepEqual(errors, []);
});

test('the page API opens the panel and sends', async () => {
  const page = await (await browser.newContext()).newPage();
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${demo.url}/`);
  await page.waitForFunction(() => customElements.get('cryptalk-chat') !== undefined);
  await page.evaluate(() => (window as unknown as { CrypTalk: { open(): void } }).CrypTalk.open());
  await page.locator('cryptalk-chat').locator('[part=panel]').waitFor({ state: 'visible' });
  await page.evaluate(() =>
    (window as unknown as { CrypTalk: { send(t: string): Promise<void> } }).CrypTalk.send('via api'),
  );
  await page
    .locator('cryptalk-chat')
    .locator('[part=text]', { hasText: 'via api' })
    .waitFor({ timeout: 30_000 });
  // creating the room and sending in it need no HPKE, nor the membership code (only joins, commits and Welcomes do)
  assert.deepEqual(
    fetched.filter((f) => /hpke|group-membership/.test(f)),
    [],
    'a first open that sends loads no membership code or HPKE framing',
  );
});

// ML-KEM-768 is a lazy chunk beside the Worker (issue #6): a group room never loads it; following a 1:1
// invite does, and PQXDH then works through the built files.
test('script tag: a 1:1 invite from an SDK user loads ML-KEM-768 beside the Worker, and both talk', async () => {
  const ada = await CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName: 'Ada',
    inviteBase: `${demo.url}/`,
  });
  try {
    const direct = await ada.createDirectRoom({ name: 'dm' });
    const link = await direct.invite();
    assert.ok(link.startsWith(`${demo.url}/#ct1.d.`), 'a 1:1 invite to the demo page');

    const context = await browser.newContext();
    const requested: string[] = [];
    context.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const bob = await context.newPage();
    const errors: string[] = [];
    bob.on('pageerror', (e) => errors.push(e.message));
    // The group demo room first: the Worker runs, ML-KEM-768 is not downloaded.
    await bob.goto(`${demo.url}/`);
    await bob.locator('cryptalk-chat').locator('[part=launcher]').click();
    await bob.locator('cryptalk-chat').locator('[part=send]:not([disabled])').waitFor({ timeout: 30_000 });
    assert.ok(
      requested.some((p) => p.endsWith('/cryptalk-worker.js')),
      'the Worker was loaded',
    );
    assert.ok(
      !requested.some((p) => p.includes('ml-kem')),
      `a group room loads no ML-KEM (${requested.filter((p) => p.endsWith('.js')).join(', ')})`,
    );
    // Chromium's WebCrypto does X25519 and Ed25519: noble's curves stay beside the Worker, unloaded
    assert.ok(
      !requested.some((p) => p.includes('sync-curves')),
      `a group room loads no noble curves (${requested.filter((p) => p.endsWith('.js')).join(', ')})`,
    );
    await bob.close();

    // Bob follows the 1:1 link: the widget joins with PQXDH.
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const joined = new Promise<void>((resolve) =>
      ada.on('member', (e) => e.kind === 'joined' && e.room === direct.id && resolve()),
    );
    await page.goto(link);
    await joined;
    assert.ok(
      requested.some((p) => p.endsWith('/cryptalk-worker-ml-kem.js')),
      'the Worker loaded ML-KEM-768 beside itself',
    );
    assert.ok(
      requested.some((p) => p.endsWith('/cryptalk-worker-sync-curves.js')),
      "the 1:1 rooms loaded noble's curves beside the Worker",
    );
    const text = `hello bob ${Date.now()}`;
    await direct.send(text);
    await page
      .locator('cryptalk-chat')
      .locator('[part=text]', { hasText: text })
      .waitFor({ timeout: 15_000 });
    const reply = `hi ada ${Date.now()}`;
    const heard = new Promise<string>((resolve) =>
      ada.on('message', (m) => m.room === direct.id && m.text === reply && resolve(m.text)),
    );
    await page.locator('cryptalk-chat').locator('[part=send]:not([disabled])').waitFor({ timeout: 15_000 });
    await page.locator('cryptalk-chat').locator('textarea').fill(reply);
    await page.locator('cryptalk-chat').locator('textarea').press('Enter');
    assert.equal(await heard, reply);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await ada.close();
  }
});
