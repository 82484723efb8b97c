/**
 * Limits and fixed names of the embed page.
 *
 * @module
 */

/** Path of the embed page. */
export const EMBED_PATH = '/embed';
/** The frame's script, as the widget's build names it (`widget/rollup.widget.mjs`). */
export const EMBED_SCRIPT_FILE = 'cryptalk-frame.js';
/** URL of the frame's script. */
export const EMBED_SCRIPT_PATH = `${EMBED_PATH}/${EMBED_SCRIPT_FILE}`;
/** Most sites one relay lists: bounds the lookup and the configuration's size. */
export const EMBED_MAX_SITES = 10_000;
/** Longest `Host` header accepted when building the page's `connect-src`. */
export const EMBED_MAX_HOST_LENGTH = 255;
