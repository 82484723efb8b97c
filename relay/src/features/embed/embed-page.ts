/**
 * The embed page's HTML and security headers. The page holds no inline script or style: one module script
 * from the same origin, so the strict policy below applies without exceptions.
 *
 * @module
 */

import type { EmbedSite } from './embed-options.js';
import { EMBED_SCRIPT_PATH } from './limits.js';

/** The page: a module script and an empty body. */
export const EMBED_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chat</title>
<script type="module" src="${EMBED_SCRIPT_PATH}"></script>
</head>
<body></body>
</html>
`;

/**
 * The page's Content-Security-Policy: nothing but same-origin scripts, styles, images, fonts and workers;
 * connections only to this relay and, for a site with calls, to the relay's LiveKit server; framed only by
 * `site.origin` (CSP Level 3 §6.4.2 `frame-ancestors`).
 * @param site - the embedding site.
 * @param host - this relay's `host[:port]`, for `connect-src` (`'self'` does not cover ws: everywhere).
 * @param callsSources - what a site with `calls: true` may connect to besides (the LiveKit server's
 *   origins, `ResolvedEmbedOptions.callsConnectSources`); ignored for a site without calls.
 */
export function embedCsp(
  site: Required<EmbedSite>,
  host: string,
  callsSources: readonly string[] = [],
): string {
  const connect = [`'self'`, `ws://${host}`, `wss://${host}`, ...(site.calls ? callsSources : [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${site.origin}`,
  ].join('; ');
}

/**
 * Headers of the page for one site: the CSP, the calls permissions and no caching, sniffing or referrer.
 * @param site - the embedding site.
 * @param host - this relay's `host[:port]`.
 * @param callsSources - as for {@link embedCsp}.
 */
export function embedHeaders(
  site: Required<EmbedSite>,
  host: string,
  callsSources: readonly string[] = [],
): Record<string, string> {
  const media = site.calls ? '(self)' : '()';
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': embedCsp(site, host, callsSources),
    'permissions-policy': `camera=${media}, microphone=${media}, geolocation=(), payment=()`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
