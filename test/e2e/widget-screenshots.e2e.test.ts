import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pixelmatch from 'pixelmatch';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { ensureWidgetBuild, ROOT } from '../../widget/scripts/build.mjs';
import { startWidgetPages } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

/**
 * Screenshots of the open panel in every preset, LTR (English) and RTL (Arabic), compared with the PNG
 * baselines in widget/screenshots/. Fonts are pinned to DejaVu Sans (Debian's fonts-dejavu-core, also on
 * CI); a pixel counts as different past pixelmatch's 0.1 threshold, and up to 1% of pixels may differ.
 * Refresh the baselines with `UPDATE_SCREENSHOTS=1 npm run test:e2e -- widget-screenshots`.
 */
const BASELINES = join(ROOT, 'widget/screenshots');
const MAX_DIFF_RATIO = 0.01;
const UPDATE = process.env.UPDATE_SCREENSHOTS === '1';

let server: Awaited<ReturnType<typeof startWidgetPages>>;
let browser: Browser;

before(async () => {
  await ensureWidgetBuild();
  server = await startWidgetPages();
  browser = await launchChromium(['--font-render-hinting=none', '--disable-lcd-text']);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(theme: string, locale: string, colorScheme: 'light' | 'dark'): Promise<Buffer> {
  const page = await browser.newPage({
    viewport: { width: 420, height: 660 },
    deviceScaleFactor: 1,
    timezoneId: 'UTC',
    locale: 'en-US',
    colorScheme,
    reducedMotion: 'reduce',
  });
  await page.goto(`${server.url}/screenshot.html?theme=${theme}&locale=${locale}`);
  await page.waitForSelector('body[data-ready=true]', { state: 'attached' });
  const panel = page.locator('cryptalk-chat').locator('[part=panel]');
  await page.waitForTimeout(150); // the virtual list settles its measured row heights
  const png = await panel.screenshot({ animations: 'disabled', caret: 'hide' });
  await page.close();
  return png;
}

function compare(name: string, png: Buffer): void {
  const file = join(BASELINES, `${name}.png`);
  if (UPDATE || !existsSync(file)) {
    assert.ok(UPDATE, `baseline ${file} is missing: run with UPDATE_SCREENSHOTS=1 to create it`);
    mkdirSync(BASELINES, { recursive: true });
    writeFileSync(file, png);
    return;
  }
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(readFileSync(file));
  assert.deepEqual([actual.width, actual.height], [expected.width, expected.height], `${name}: size`);
  const diff = new PNG({ width: actual.width, height: actual.height });
  const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, {
    threshold: 0.1,
  });
  const ratio = differing / (actual.width * actual.height);
  if (ratio > MAX_DIFF_RATIO) writeFileSync(join(BASELINES, `${name}.diff.png`), PNG.sync.write(diff));
  assert.ok(ratio <= MAX_DIFF_RATIO, `${name}: ${(ratio * 100).toFixed(2)}% of pixels differ (diff written)`);
}

for (const theme of ['light', 'dark'] as const) {
  for (const locale of ['en', 'ar']) {
    test(`the ${theme} preset, ${locale === 'ar' ? 'RTL (Arabic)' : 'LTR (English)'}, matches its baseline`, async () => {
      compare(`panel-${theme}-${locale}`, await shoot(theme, locale, 'light'));
    });
  }
}

test('the auto preset follows prefers-color-scheme (light and dark match their baselines)', async () => {
  compare('panel-light-en', await shoot('auto', 'en', 'light'));
  compare('panel-dark-en', await shoot('auto', 'en', 'dark'));
});
