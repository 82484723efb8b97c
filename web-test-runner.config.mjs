// Browser tests (*.browser.test.ts) in Debian Chromium via @web/test-runner's Playwright launcher.
// A real relay (the built one) is started for the run; tests read its URL from `window.CRYPTALK_RELAY`.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createRelay } from './relay/dist/index.js';
import { CHROMIUM_ARGS, requireChromium } from './scripts/find-chromium.mjs';

const relay = await createRelay({ host: '127.0.0.1', port: 0 });

export default {
  files: ['sdk/src/**/*.browser.test.ts', 'widget/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    {
      name: 'cryptalk-relay-lifecycle',
      serverStop: () => relay.close(),
    },
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: requireChromium(), headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>window.CRYPTALK_RELAY = ${JSON.stringify(relay.url)};</script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
