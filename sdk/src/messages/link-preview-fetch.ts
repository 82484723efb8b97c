/**
 * Building a link preview on the sender's device: find the first link of a text, refuse URLs a preview must
 * never fetch (anything but `https:`, credentials in the URL, loopback, private, link-local and other
 * non-public addresses written as IP literals, `localhost` and local-only names), then call the app's fetcher
 * with a timeout and a size cap and parse what it returns with {@link makeLinkPreview}.
 *
 * What this module cannot check is the fetcher's job (see {@link LinkPreviewFetcher}): a public host name may
 * resolve to a private address (DNS rebinding), and redirects may lead anywhere. A browser fetcher is bound by
 * CORS anyway; a Node fetcher should resolve the name, refuse non-public addresses, and not follow redirects
 * (or check each hop with {@link isPreviewableUrl}).
 *
 * @module
 */

import {
  MSG_MAX_URL_BYTES,
  PREVIEW_FETCH_TIMEOUT_MS,
  PREVIEW_MAX_HTML_CHARS,
  PREVIEW_MAX_IMAGE_BYTES,
} from './limits.js';
import { type LinkPreviewDraft, makeLinkPreview } from './link-preview.js';

/** The app's page fetcher for sender-side link previews (the SDK never fetches on its own). */
export interface LinkPreviewFetcher {
  /**
   * Fetches the page at `url` and returns its HTML (at least the `<head>`). Only https URLs that passed
   * {@link isPreviewableUrl} are asked for. Must honour `signal` (aborted at the timeout) and should stop
   * reading after `maxChars` characters (anything longer is cut). Should refuse a host that resolves to a
   * non-public address, and should not follow redirects to one. Throwing or rejecting means "no preview".
   */
  fetch(url: string, init: { signal: AbortSignal; maxChars: number }): Promise<string>;
  /**
   * Fetches the preview's image (the page's `og:image`, https only, checked like the page) and returns its
   * bytes and MIME type; it then travels as an encrypted attachment. Must honour `signal` and should stop after
   * `maxBytes` (anything longer, or not `image/*`, gets no image). Leave it out for previews without images.
   */
  fetchImage?(
    url: string,
    init: { signal: AbortSignal; maxBytes: number },
  ): Promise<{ bytes: Uint8Array; mime: string }>;
  /** How long a fetch may take before it is aborted and the message goes without a preview, ms. @default 5000 */
  timeoutMs?: number;
}

/** Host names that never name a public web site. */
const LOCAL_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet'];

const LINK_RE = /\bhttps:\/\/[^\s<>"'`]+/i;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING_RE = /[.,;:!?)\]}]+$/;

/**
 * The first `https:` link of a text, without trailing punctuation, or `undefined`.
 * @example firstLink('see https://example.com/a.') // 'https://example.com/a'
 */
export function firstLink(text: string): string | undefined {
  const m = LINK_RE.exec(text);
  if (!m) return undefined;
  const url = m[0].replace(TRAILING_RE, '');
  return isPreviewableUrl(url) ? new URL(url).href : undefined;
}

function ipv4Private(parts: number[]): boolean {
  const [a = 0, b = 0] = parts;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function ipv6Private(host: string): boolean {
  const h = host.slice(1, -1).toLowerCase(); // without the brackets
  if (h === '::' || h === '::1') return true;
  const mapped = /^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (mapped) return ipv4Private(mapped.slice(1).map(Number));
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hex) {
    const hi = Number.parseInt(hex[1] as string, 16);
    return ipv4Private([hi >> 8, hi & 0xff]);
  }
  const first = Number.parseInt(h.split(':')[0] || '0', 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast, and everything outside 2000::/3
  return (first & 0xe000) !== 0x2000;
}

/**
 * Whether a sender may fetch `url` for a preview: `https:` only, no user name or password, the default port,
 * and a host that is neither an IP literal of a non-public range (loopback, private, link-local, CGNAT,
 * multicast, unique-local, IPv4-mapped forms of those) nor `localhost` or a local-only name (`.local`,
 * `.internal`, `.home.arpa`, a name without a dot). Host names are not resolved here (the fetcher's job).
 */
export function isPreviewableUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.port !== '') return false;
  if (u.href.length > MSG_MAX_URL_BYTES) return false;
  const host = u.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return !ipv6Private(host);
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) return !ipv4Private(v4.slice(1).map(Number));
  if (host === 'localhost' || !host.includes('.')) return false;
  return !LOCAL_SUFFIXES.some((s) => host.endsWith(s));
}

/**
 * Fetches a page with the app's fetcher (timeout, size cap) and parses it into a preview.
 * Never throws: a refused URL, a failed or slow fetch, or a page without title and description give `undefined`.
 *
 * @param url - an https link (checked with {@link isPreviewableUrl}).
 * @param fetcher - the app's fetcher.
 * @example
 * ```ts
 * const draft = await fetchLinkPreview('https://example.com/', { fetch: async (u, { signal }) => (await fetch(u, { signal, redirect: 'error' })).text() });
 * ```
 */
export async function fetchLinkPreview(
  url: string,
  fetcher: LinkPreviewFetcher,
): Promise<LinkPreviewDraft | undefined> {
  if (!isPreviewableUrl(url)) return undefined;
  const timeoutMs = fetcher.timeoutMs ?? PREVIEW_FETCH_TIMEOUT_MS;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error(`link preview fetch took over ${timeoutMs} ms`));
      resolve(undefined);
    }, timeoutMs);
  });
  try {
    const html = await Promise.race([
      Promise.resolve()
        .then(() => fetcher.fetch(url, { signal: abort.signal, maxChars: PREVIEW_MAX_HTML_CHARS }))
        .catch(() => undefined),
      timeout,
    ]);
    if (typeof html !== 'string') return undefined;
    return makeLinkPreview(html.slice(0, PREVIEW_MAX_HTML_CHARS), url);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fetches a preview image with the app's fetcher (https and public host only, timeout, at most
 * {@link PREVIEW_MAX_IMAGE_BYTES}, `image/*` only). Never throws: anything refused or failed gives `undefined`.
 *
 * @param url - the draft's `imageUrl`.
 * @param fetcher - the app's fetcher (without `fetchImage`: `undefined`).
 */
export async function fetchPreviewImage(
  url: string,
  fetcher: LinkPreviewFetcher,
): Promise<{ bytes: Uint8Array; mime: string } | undefined> {
  const fetchImage = fetcher.fetchImage?.bind(fetcher);
  if (!fetchImage || !isPreviewableUrl(url)) return undefined;
  const timeoutMs = fetcher.timeoutMs ?? PREVIEW_FETCH_TIMEOUT_MS;
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      abort.abort(new Error(`preview image fetch took over ${timeoutMs} ms`));
      resolve(undefined);
    }, timeoutMs);
  });
  try {
    const got = await Promise.race([
      Promise.resolve()
        .then(() => fetchImage(url, { signal: abort.signal, maxBytes: PREVIEW_MAX_IMAGE_BYTES }))
        .catch(() => undefined),
      timeout,
    ]);
    if (!got || !(got.bytes instanceof Uint8Array) || typeof got.mime !== 'string') return undefined;
    if (got.bytes.length === 0 || got.bytes.length > PREVIEW_MAX_IMAGE_BYTES) return undefined;
    const mime = got.mime.toLowerCase();
    if (!/^image\/[a-z0-9.+-]{1,100}$/.test(mime)) return undefined;
    return { bytes: got.bytes, mime };
  } finally {
    clearTimeout(timer);
  }
}
