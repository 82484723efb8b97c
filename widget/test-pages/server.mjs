// Serves the widget's test pages (/), its build (/dist/) and the built examples (/examples/<name>/) on
// 127.0.0.1, for the widget's end-to-end tests and benchmark.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The strict Content-Security-Policy the CSP test serves: no inline script or style, no eval. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * @param {{ csp?: string }} [options]
 */
export function startWidgetPages(options = {}) {
  return startStaticServer(
    {
      '/': join(root, 'widget/test-pages'),
      '/dist/': join(root, 'widget/dist'),
      '/examples/react/': join(root, 'examples/react/dist'),
      '/examples/vue/': join(root, 'examples/vue/dist'),
    },
    { headers: options.csp ? { 'content-security-policy': options.csp } : {} },
  );
}

/**
 * Serves one folder at / (the story catalogue's build, for its end-to-end test).
 * @param {string} dir
 */
export function startFolder(dir) {
  return startStaticServer({ '/': dir });
}
