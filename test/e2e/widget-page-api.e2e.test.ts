import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { startWidgetPages } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

let server: Awaited<ReturnType<typeof startWidgetPages>>;
let browser: Browser;

before(async () => {
  await ensureWidgetBuild();
  server = await startWidgetPages();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

type Win = { events: string[]; CrypTalk: Record<string, (...a: unknown[]) => Promise<void>> };

test('calls queued by the stub before the loader run once it loads; the API drives the widget', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/api.html`);
  const chat = page.locator('cryptalk-chat');
  await chat.locator('[part=panel]').waitFor({ state: 'visible' });
  await chat.locator('[part=send]', { hasText: 'Senden' }).waitFor();
  await page.evaluate(() => (window as unknown as Win).CrypTalk.send!('via the API'));
  await chat.locator('[part=text]', { hasText: 'via the API' }).waitFor();
  await page.evaluate(() => (window as unknown as Win).CrypTalk.setTheme!('dark'));
  assert.equal(await chat.getAttribute('theme'), 'dark');
  await page.evaluate(() => (window as unknown as Win).CrypTalk.close!());
  await chat.locator('[part=panel]').waitFor({ state: 'hidden' });
  await page.evaluate(() => (window as unknown as Win).CrypTalk.toggle!());
  await chat.locator('[part=panel]').waitFor({ state: 'visible' });
  const events = await page.evaluate(() => (window as unknown as Win).events);
  assert.deepEqual(events, ['cryptalk-open', 'cryptalk-message', 'cryptalk-close', 'cryptalk-open']);
});

test('open state survives SPA navigation (the element is re-created by the router)', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/api.html`);
  const chat = page.locator('cryptalk-chat');
  await chat.locator('[part=panel]').waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const old = document.querySelector('cryptalk-chat')!;
    const fresh = old.cloneNode() as HTMLElement;
    fresh.removeAttribute('open');
    old.remove();
    history.pushState({}, '', '/api.html?route=2');
    document.querySelector('#route')!.textContent = 'Route 2';
    document.body.append(fresh);
  });
  await page.locator('cryptalk-chat').locator('[part=panel]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('cryptalk-chat').evaluate((el) => el.hasAttribute('open')), true);
});
