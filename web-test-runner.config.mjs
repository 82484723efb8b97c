// Browser tests (*.browser.test.ts) in Debian Chromium via @web/test-runner's Playwright launcher.
// A real relay (the built one) is started for the run; tests read its URL from `window.CRYPTALK_RELAY`.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createRelay } from './relay/dist/index.js';
import { CHROMIUM_ARGS, requireChromium } from './scripts/find-chromium.mjs';

/** ts-mls's optional dependencies (other ciphersuites), not installed. */
const OPTIONAL_MLS_PACKAGES = [
  '@hpke/chacha20poly1305',
  '@hpke/dhkem-x448',
  '@hpke/hybridkem-x-wing',
  '@hpke/ml-kem',
];

const relay = await createRelay({ host: '127.0.0.1', port: 0 });

/**
 * The shared known-answer vectors (as sdk/src/crypto/test-vectors.ts finds them for Node), served read-only under
 * `/__vectors__/` so browser tests run them through the platform's own crypto.
 */
const VECTORS_DIR =
  process.env.CRYPTALK_VECTORS ?? join(dirname(fileURLToPath(import.meta.url)), '../shared/vectors');

export default {
  files: ['sdk/src/**/*.browser.test.ts', 'widget/src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.base.json' }),
    {
      // Specifiers a browser never loads but the dev server must still resolve: @hpke/common's fallback
      // `import("crypto")` (taken only without WebCrypto) and ts-mls's optional ciphersuite packages, which
      // are not installed (CrypTalk's suites don't use them; ts-mls reports a typed error if one is asked for).
      name: 'unused-import-stubs',
      resolveImport({ source }) {
        if (source === 'crypto' || source === 'node:crypto') return '/__stubs__/crypto.js';
        if (OPTIONAL_MLS_PACKAGES.includes(source)) return '/__stubs__/missing-optional.js';
      },
      serve(context) {
        if (context.path === '/__stubs__/crypto.js')
          return {
            body: 'export const webcrypto = globalThis.crypto;\nexport default { webcrypto };\n',
            type: 'js',
          };
        if (context.path === '/__stubs__/missing-optional.js')
          return { body: 'throw new Error("optional package not installed");\n', type: 'js' };
      },
    },
    {
      name: 'cryptalk-test-vectors',
      serve(context) {
        if (!context.path.startsWith('/__vectors__/')) return undefined;
        const file = normalize(
          join(VECTORS_DIR, decodeURIComponent(context.path.slice('/__vectors__/'.length))),
        );
        if (relative(VECTORS_DIR, file).startsWith(`..${sep}`) || !file.endsWith('.json')) return undefined;
        return { body: readFileSync(file, 'utf8'), type: 'json' };
      },
    },
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
