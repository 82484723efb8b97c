import { svg } from 'lit';
import { icon } from './icon.js';

/**
 * The widget's icons as inline SVG (no icon font, no emoji font needed, nothing fetched), 24×24 viewBox,
 * drawn with `currentColor`, in the frame of `icon.ts`.
 */
export const iconClose = icon(svg`<path d="M6 6l12 12M18 6L6 18" />`);
export const iconBack = icon(svg`<path d="M15 5l-7 7 7 7" />`);
export const iconForward = icon(svg`<path d="M9 5l7 7-7 7" />`);
export const iconInvite = icon(
  svg`<circle cx="9" cy="8" r="4" /><path d="M2 21c0-4 3-6 7-6s7 2 7 6M19 8v6M16 11h6" />`,
);
export const iconShield = icon(
  svg`<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z" /><path d="M8.5 12l2.5 2.5 4.5-5" />`,
);
export const iconSmile = icon(
  svg`<circle cx="12" cy="12" r="9" /><path d="M8 14c1 1.5 2.3 2.2 4 2.2s3-.7 4-2.2" /><path d="M9 9.5h.01M15 9.5h.01" />`,
);
export const iconAttach = icon(
  svg`<path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />`,
);
export const iconFile = icon(
  svg`<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" /><path d="M14 3v5h5" />`,
);
