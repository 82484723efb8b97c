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
 * WebSockets only to this relay; framed only by `site.origin` (CSP Level 3 §6.4.2 `frame-ancestors`).
 * @param site - the embedding site.
 * @param host - this relay's `host[:port]`, for `connect-src` (`'self'` does not cover ws: everywhere).
 */
export function embedCsp(site: Required<EmbedSite>, host: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self' ws://${host} wss://${host}`,
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
 */
export function embedHeaders(site: Required<EmbedSite>, host: string): Record<string, string> {
  const media = site.calls ? '(self)' : '()';
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': embedCsp(site, host),
    'permissions-policy': `camera=${media}, microphone=${media}, geolocation=(), payment=()`,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
