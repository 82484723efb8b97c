/**
 * The calls UI's icons as inline SVG in the widget's icon frame (`internal/icon.ts`: 24×24, `currentColor`),
 * decorative: every button carrying one has an accessible name. The phone and the camera are in
 * `call-button-icons.ts`, which the chat UI imports alone for its header's call buttons (a template is kept
 * whether used or not, so the others stay out of it).
 *
 * @module
 */
import { svg } from 'lit';
import { icon } from '../../internal/icon.js';

export { iconPhone, iconVideo } from './call-button-icons.js';

export const iconHangUp = icon(
  svg`<path d="M3 15.5c5-4.7 13-4.7 18 0l-2.2 2.2-3.3-1.5v-2.5a10 10 0 0 0-7 0v2.5l-3.3 1.5z" />`,
);
export const iconVideoOff = icon(
  svg`<rect x="3" y="6" width="13" height="12" rx="2" /><path d="M16 10l5-3v10l-5-3M3 3l18 18" />`,
);
export const iconMic = icon(
  svg`<rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3" />`,
);
export const iconMicOff = icon(
  svg`<rect x="9" y="3" width="6" height="11" rx="3" /><path d="M5 11a7 7 0 0 0 14 0M12 18v3M3 3l18 18" />`,
);
export const iconScreen = icon(
  svg`<rect x="3" y="4" width="18" height="12" rx="2" /><path d="M8 20h8M12 16v4" />`,
);
export const iconSettings = icon(
  svg`<circle cx="12" cy="12" r="3" /><path d="M4 12h2M18 12h2M12 4v2M12 18v2M6.3 6.3l1.4 1.4M16.3 16.3l1.4 1.4M6.3 17.7l1.4-1.4M16.3 7.7l1.4-1.4" />`,
);
export const iconLock = icon(
  svg`<rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" />`,
);
export const iconSwitch = icon(svg`<path d="M4 7h13l-3-3M20 17H7l3 3" />`);
