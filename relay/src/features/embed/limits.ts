/**
 * Limits and fixed names of the embed page.
 *
 * @module
 */

/** Path of the embed page. */
export const EMBED_PATH = '/embed';
/** The frame's script, as the widget's build names it (`widget/rollup.widget.mjs`). */
export const EMBED_SCRIPT_FILE = 'cryptalk-frame.js';
/**
 * The file beside {@link EMBED_SCRIPT_FILE} in which the widget's build lists what each file imports and which
 * Workers it starts by URL (`widget/rollup.widget.mjs`, `BUILD_INFO_FILE`): the frame's lazy chunks and their
 * Workers (LiveKit's E2EE Worker) the relay serves are read from it.
 */
export const EMBED_BUILD_INFO_FILE = 'build.json';
/**
 * Most files served under `/embed/` (the frame's script, its chunks and their Workers): bounds what build.json
 * may list.
 */
export const EMBED_MAX_FILES = 64;
/** URL of the frame's script. */
export const EMBED_SCRIPT_PATH = `${EMBED_PATH}/${EMBED_SCRIPT_FILE}`;
/** Most sites one relay lists: bounds the lookup and the configuration's size. */
export const EMBED_MAX_SITES = 10_000;
/** Longest `Host` header accepted when building the page's `connect-src`. */
export const EMBED_MAX_HOST_LENGTH = 255;
