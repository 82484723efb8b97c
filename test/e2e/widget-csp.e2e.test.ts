import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { STRICT_CSP, startWidgetPages } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

let server: Awaited<ReturnType<typeof startWidgetPages>>;
let browser: Browser;

before(async () => {
  await ensureWidgetBuild();
  server = await startWidgetPages({ csp: STRICT_CSP });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('under a strict CSP and hostile global CSS the widget loads its core, works and looks right', async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  const coreRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('cryptalk-core')) coreRequests.push(r.url());
  });
  await page.goto(`${server.url}/hostile.html`);
  const chat = page.locator('cryptalk-chat');
  const launcher = chat.locator('[part=launcher]');
  await launcher.waitFor();
  assert.deepEqual(coreRequests, [], 'the chat core is not loaded before the first open');

  // The launcher sits in the bottom-right corner at its own size, above the page's z-index 2147483647.
  const box = await launcher.boundingBox();
  assert.ok(box, 'launcher has a box');
  assert.equal(Math.round(box.width), 56);
  assert.ok(Math.abs(1000 - 20 - (box.x + box.width)) <= 1, `launcher x ${box.x}`);
  assert.ok(Math.abs(800 - 20 - (box.y + box.height)) <= 1, `launcher y ${box.y}`);
  const onTop = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x as number, y as number)?.tagName,
    [box.x + 28, box.y + 28],
  );
  assert.equal(onTop, 'CRYPTALK-CHAT');

  await launcher.click();
  const input = chat.locator('textarea');
  await input.waitFor({ state: 'visible' });
  assert.equal(coreRequests.length, 1, 'the core loads on first open');
  const panel = chat.locator('[part=panel]');
  const panelBox = await panel.boundingBox();
  assert.ok(
    panelBox && panelBox.width >= 360 && panelBox.height >= 400,
    `panel size ${JSON.stringify(panelBox)}`,
  );
  const styles = await input.evaluate((el) => {
    const s = getComputedStyle(el);
    return { font: s.fontFamily, size: s.fontSize, color: s.color };
  });
  assert.match(styles.font, /DejaVu Sans/);
  assert.equal(styles.size, '14px');
  assert.notEqual(styles.color, 'rgb(0, 255, 0)');

  await chat.locator('[part=send]:not([disabled])').waitFor();
  await input.fill('hello <img src=x onerror=alert(1)>');
  await input.press('Enter');
  await chat.locator('[part=text]', { hasText: 'hello <img src=x onerror=alert(1)>' }).waitFor();
  assert.equal(await chat.locator('[part=text] img').count(), 0);

  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});
