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

async function openChat(page: Page): Promise<void> {
  await page.goto(`${demo.url}/`);
  await page.locator('cryptalk-chat').locator('[part=launcher]').click();
  await page.locator('cryptalk-chat').locator('textarea').waitFor({ state: 'visible' });
  // Connected once the send button is enabled.
  await page.locator('cryptalk-chat').locator('[part=send]:not([disabled])').waitFor({ timeout: 10_000 });
}

test('a message typed in one browser appears in another, through the script-tag demo', async () => {
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  for (const p of [alice, bob]) p.on('pageerror', (e) => errors.push(e.message));
  await Promise.all([openChat(alice), openChat(bob)]);

  const text = `hello from alice ${Date.now()}`;
  await alice.locator('cryptalk-chat').locator('textarea').fill(text);
  await alice.locator('cryptalk-chat').locator('textarea').press('Enter');

  const bobMessage = bob.locator('cryptalk-chat').locator('[part=text]', { hasText: text });
  await bobMessage.waitFor({ timeout: 10_000 });
  assert.equal(await bobMessage.count(), 1);
  assert.equal(
    await alice.locator('cryptalk-chat').locator('[part=message].own [part=text]', { hasText: text }).count(),
    1,
  );
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
    .waitFor({ timeout: 10_000 });
});
