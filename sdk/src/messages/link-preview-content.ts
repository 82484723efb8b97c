/**
 * The `link-preview` message content of a preview draft (see `link-preview.ts`), apart from the fetching code
 * (`link-preview-fetch.ts`): a room sends a draft the app made itself with this alone, and loads the fetching
 * code only when the client has a `linkPreviews` fetcher and a message has a link.
 *
 * @module
 */
import { MSG_MAX_DESCRIPTION_BYTES, MSG_MAX_TITLE_BYTES } from './limits.js';
import type { LinkPreviewDraft } from './link-preview.js';
import type { LinkPreviewContent, PreviewImage } from './types.js';

const encoder = new TextEncoder();

/** `s` cut (at a code point boundary, with `…`) to at most `max` UTF-8 bytes. */
function fitUtf8(s: string, max: number): string {
  if (encoder.encode(s).length <= max) return s;
  let out = '';
  let bytes = 0;
  const budget = max - 3; // the ellipsis
  for (const ch of s) {
    const n = encoder.encode(ch).length;
    if (bytes + n > budget) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}

/**
 * The `link-preview` content of a draft for message `target`: title and description cut to the codec's byte
 * limits (the parser caps characters, the wire format bytes).
 */
export function previewContent(
  target: string,
  draft: LinkPreviewDraft,
  image?: { ref: PreviewImage; hash: Uint8Array },
): LinkPreviewContent {
  return {
    kind: 'link-preview',
    target,
    url: draft.url,
    title: fitUtf8(draft.title, MSG_MAX_TITLE_BYTES),
    description: fitUtf8(draft.description, MSG_MAX_DESCRIPTION_BYTES),
    ...(image ? { imageHash: image.hash, image: image.ref } : {}),
  };
}
