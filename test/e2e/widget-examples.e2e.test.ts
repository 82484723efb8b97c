import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildExample as buildReact } from '../../examples/react/build.mjs';
import { buildExample as buildVue } from '../../examples/vue/build.mjs';
import { ensureWidgetBuild } from '../../widget/scripts/build.mjs';
import { startWidgetPages } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

let server: Awaited<ReturnType<typeof startWidgetPages>>;
let browser: Browser;

before(async () => {
  await Promise.all([ensureWidgetBuild(), buildReact(), buildVue()]);
  server = await startWidgetPages();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const name of ['react', 'vue']) {
  test(`the ${name} example builds, renders the widget, opens it from app code and chats`, async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/examples/${name}/?relay=memory:`);
    const chat = page.locator('cryptalk-chat');
    await chat.locator('[part=launcher]').waitFor();
    await page.click('#help');
    await page.locator('#status', { hasText: 'opened 1 times' }).waitFor();
    const input = chat.locator('textarea');
    await chat.locator('[part=send]:not([disabled])').waitFor();
    await input.fill(`hello from ${name}`);
    await input.press('Enter');
    await chat.locator('[part=text]', { hasText: `hello from ${name}` }).waitFor();
    assert.equal(await chat.getAttribute('brand'), name === 'react' ? 'React shop' : 'Vue shop');
    assert.deepEqual(errors, []);
  });
}
