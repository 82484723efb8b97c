/**
 * Sender-side link previews: the sender's client fetches the page itself (never a server) and turns its HTML
 * into a preview with {@link makeLinkPreview}. The parser does no network access of its own, reads at most
 * {@link PREVIEW_MAX_HTML_CHARS} characters, never backtracks badly on hostile markup, and caps every field.
 *
 * @module
 */
import {
  MSG_MAX_URL_BYTES,
  PREVIEW_MAX_DESCRIPTION_CHARS,
  PREVIEW_MAX_HTML_CHARS,
  PREVIEW_MAX_TAG_CHARS,
  PREVIEW_MAX_TITLE_CHARS,
} from './limits.js';

/** What the parser found; the caller fetches `imageUrl` itself (if it wants), hashes and uploads it. */
export interface LinkPreviewDraft {
  /** The page URL (canonical `og:url` is ignored: the preview is for the link the sender wrote). */
  readonly url: string;
  readonly title: string;
  readonly description: string;
  /** Absolute http(s) URL of `og:image`, if any. */
  readonly imageUrl?: string;
}

const ATTR_RE = /([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp =
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
      return '\uFFFD';
    }
    return NAMED[e.toLowerCase()] ?? all;
  });
}

/** Collapses whitespace, strips control characters and cuts to `max` characters (never inside a surrogate pair). */
function clean(s: string, max: number): string {
  let out = decodeEntities(s)
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  if (out.length > max) {
    let cut = max;
    const code = out.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    out = `${out.slice(0, cut).trimEnd()}…`;
  }
  return out;
}

function httpUrl(raw: string, base: URL | undefined): string | undefined {
  try {
    const u = base ? new URL(raw, base) : new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    const text = u.href;
    return text.length <= MSG_MAX_URL_BYTES ? text : undefined;
  } catch {
    return undefined;
  }
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(ATTR_RE)) {
    const name = (m[1] ?? '').toLowerCase();
    if (!out.has(name)) out.set(name, m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/**
 * Extracts a preview from a page's HTML: `og:title` (else `twitter:title`, else `<title>`), `og:description`
 * (else `description`), `og:image` (else `twitter:image`), resolved against `url`.
 *
 * @param html - the page as fetched by the sender (only the first 512 Ki characters are read).
 * @param url - the link the sender wrote; must be http(s).
 * @returns the draft, or undefined when `url` is not http(s) or the page has neither title nor description.
 * @example
 * ```ts
 * const draft = makeLinkPreview(await (await fetch(url)).text(), url);
 * ```
 */
export function makeLinkPreview(html: string, url: string): LinkPreviewDraft | undefined {
  if (typeof html !== 'string' || typeof url !== 'string') return undefined;
  const page = httpUrl(url, undefined);
  if (!page) return undefined;
  const text = html.slice(0, PREVIEW_MAX_HTML_CHARS);
  const meta = new Map<string, string>();
  let title: string | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) break;
    i = gt + 1;
    if (gt - lt > PREVIEW_MAX_TAG_CHARS) continue;
    const tag = text.slice(lt + 1, gt);
    const name = /^([A-Za-z]+)/.exec(tag)?.[1]?.toLowerCase();
    if (name === 'meta') {
      const attrs = attributes(tag.slice(4));
      const key = (attrs.get('property') ?? attrs.get('name') ?? '').toLowerCase();
      const content = attrs.get('content');
      if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
    } else if (name === 'title' && title === undefined) {
      const window = text.slice(gt + 1, gt + 1 + PREVIEW_MAX_TAG_CHARS);
      const end = window.toLowerCase().indexOf('</title');
      if (end >= 0) title = window.slice(0, end);
    } else if (name === 'body') break;
  }
  const t = clean(meta.get('og:title') ?? meta.get('twitter:title') ?? title ?? '', PREVIEW_MAX_TITLE_CHARS);
  const d = clean(
    meta.get('og:description') ?? meta.get('twitter:description') ?? meta.get('description') ?? '',
    PREVIEW_MAX_DESCRIPTION_CHARS,
  );
  if (!t && !d) return undefined;
  const rawImage = meta.get('og:image') ?? meta.get('og:image:url') ?? meta.get('twitter:image');
  const imageUrl = rawImage ? httpUrl(decodeEntities(rawImage.trim()), new URL(page)) : undefined;
  return { url: page, title: t, description: d, ...(imageUrl ? { imageUrl } : {}) };
}
