import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
  for (const p of [alice, bob]) p.on('pageerror', (e) => errors.push(e.message));

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
});

test('the page API opens the panel and sends', async () => {
  const page = await (await browser.newContext()).newPage();
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
});
