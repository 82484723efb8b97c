/**
 * The icons of the call buttons (the panel's header and the calls UI) and the frame of every calls icon.
 *
 * @module
 */
import { svg } from 'lit';

/**
 * The calls UI's icon frame: inline SVG (24×24, `currentColor`), decorative: every button carrying one has an
 * accessible name.
 * @param body - the icon's shapes.
 */
export const callIcon = (body: ReturnType<typeof svg>) =>
  svg`<svg class="icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

/** The voice call icon (the panel's header button and the calls UI). */
export const iconPhone = callIcon(
  svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />`,
);
/** The video call icon (the panel's header button and the calls UI). */
export const iconVideo = callIcon(
  svg`<rect x="3" y="6" width="13" height="12" rx="2" /><path d="M16 10l5-3v10l-5-3" />`,
);
