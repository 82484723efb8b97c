import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildCatalogue } from '../../storybook/build.mjs';
import { startFolder } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

let server: Awaited<ReturnType<typeof startFolder>>;
let browser: Browser;

before(async () => {
  server = await startFolder(await buildCatalogue());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the story catalogue builds offline and renders every story, light and dark, LTR and RTL', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/#story=0`);
  await page.waitForFunction(() => (window as unknown as { storyCount?: number }).storyCount);
  const count = await page.evaluate(() => (window as unknown as { storyCount: number }).storyCount);
  assert.ok(count >= 20, `${count} stories`);
  const combos = [
    ['light', 'en'],
    ['dark', 'ar'],
  ] as const;
  for (let i = 0; i < count; i++) {
    for (const [theme, locale] of combos) {
      await page.evaluate((h) => {
        location.hash = h;
      }, `story=${i}&theme=${theme}&locale=${locale}`);
      await page.waitForFunction(
        (n) => document.querySelector('.canvas')?.getAttribute('data-story') === String(n),
        i,
      );
      assert.equal(await page.locator('.canvas > *').count(), 1, `story ${i} rendered`);
      assert.equal(await page.locator('#theme').inputValue(), theme);
    }
  }
  assert.deepEqual(
    errors.filter((e) => !e.includes('ResizeObserver loop')),
    [],
  );
});
