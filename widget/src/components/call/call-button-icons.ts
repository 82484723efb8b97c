/**
 * The icons of the call buttons (the panel's header and the calls UI), in the widget's icon frame.
 *
 * @module
 */
import { svg } from 'lit';
import { icon } from '../../internal/icon.js';

/** The voice call icon (the panel's header button and the calls UI). */
export const iconPhone = icon(
  svg`<path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />`,
);
/** The video call icon (the panel's header button and the calls UI). */
export const iconVideo = icon(
  svg`<rect x="3" y="6" width="13" height="12" rx="2" /><path d="M16 10l5-3v10l-5-3" />`,
);
