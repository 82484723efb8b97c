import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildStorybook } from '../../storybook/build.mjs';
import { STORIES } from '../../storybook/src/stories.js';
import { startFolder } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

let server: Awaited<ReturnType<typeof startFolder>>;
let browser: Browser;
let out: string;

before(async () => {
  out = await buildStorybook();
  server = await startFolder(out);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: string;
}

test('Storybook builds offline with a story for every component state in the catalogue', () => {
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  const stories = Object.values(index.entries).filter((e) => e.type === 'story');
  assert.equal(stories.length, STORIES.length, 'one Storybook story per entry of storybook/src/stories.ts');
  const components = new Set(STORIES.map((s) => s.component));
  for (const c of components)
    assert.ok(
      stories.some((s) => s.title === `Widget/${c}`),
      `<${c}> has stories`,
    );
});

test('every story renders in the light and dark themes, LTR (English) and RTL (Arabic), without errors', async () => {
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  const ids = Object.values(index.entries)
    .filter((e) => e.type === 'story')
    .map((e) => e.id);
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // One preview page; stories and toolbar globals are switched over Storybook's channel, as the manager does.
  await page.goto(`${server.url}/iframe.html?id=${ids[0]}&viewMode=story`);
  await page.waitForFunction(() => document.querySelector('#storybook-root > *'), null, { timeout: 30_000 });
  // In-page code as text: the test's TypeScript transform would add helpers the page doesn't have.
  const SHOW = `(c) => new Promise((resolve) => {
    const ch = window.__STORYBOOK_ADDONS_CHANNEL__;
    const events = ['storyRendered', 'storyErrored', 'storyThrewException', 'storyMissing'];
    const handlers = events.map((name) => {
      const h = (x) => {
        events.forEach((n, k) => ch.off(n, handlers[k]));
        resolve(name === 'storyRendered' ? 'ok' : name + ': ' + String(JSON.stringify(x)).slice(0, 300));
      };
      ch.on(name, h);
      return h;
    });
    if (c.globals) ch.emit('updateGlobals', { globals: c.globals });
    else ch.emit('setCurrentStory', { storyId: c.storyId, viewMode: 'story' });
  })`;
  const show = (change: { storyId?: string; globals?: { theme: string; locale: string } }) =>
    page.evaluate(`(${SHOW})(${JSON.stringify(change)})`) as Promise<string>;
  let current = ids[0];
  for (const [theme, locale] of [
    ['light', 'en'],
    ['dark', 'ar'],
  ] as const) {
    assert.equal(
      await show({ globals: { theme, locale } }),
      'ok',
      `${current} re-renders with ${theme}/${locale}`,
    );
    for (const id of ids) {
      if (id !== current) assert.equal(await show({ storyId: id }), 'ok', `${id} (${theme}, ${locale})`);
      current = id;
      assert.equal((await page.locator('#storybook-root > *').count()) > 0, true, `${id} rendered`);
      assert.equal(
        await page.evaluate('document.body.className.match(/ct-(light|dark)/)?.[1]'),
        theme,
        `${id}: the ${theme} theme applies`,
      );
      if (locale === 'ar' && id.includes('panel'))
        assert.equal(
          await page.evaluate(() =>
            document
              .querySelector('#storybook-root cryptalk-panel')
              ?.shadowRoot?.querySelector('[dir]')
              ?.getAttribute('dir'),
          ),
          'rtl',
          `${id}: Arabic lays out right to left`,
        );
    }
  }
  assert.deepEqual(
    errors.filter((e) => !e.includes('ResizeObserver loop')),
    [],
  );
  // The manager UI (sidebar, toolbars) loads too.
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('#storybook-explorer-tree', { timeout: 20_000 });
});
