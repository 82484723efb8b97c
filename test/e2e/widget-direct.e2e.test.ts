import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CrypTalkClient } from '@cryptalk/sdk';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { startDemo } from '../../scripts/demo-server.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { launchChromium } from '../helpers/browser.js';
import { type Started, startRelayProcess } from '../helpers/processes.js';

let relay: Started;
let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Browser;

before(async () => {
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
