/**
 * The embed page: the chat in a cross-origin frame served by the relay, for the sites it lists.
 * @module
 */
export { liveKitConnectSources } from './calls-sources.js';
export {
  type EmbedOptions,
  type EmbedSite,
  ORIGIN_RE,
  type ResolvedEmbedOptions,
  resolveEmbedOptions,
} from './embed-options.js';
export { EMBED_HTML, embedCsp, embedHeaders } from './embed-page.js';
export { EmbedRoutes } from './embed-routes.js';
export {
  EMBED_BUILD_INFO_FILE,
  EMBED_MAX_FILES,
  EMBED_MAX_HOST_LENGTH,
  EMBED_MAX_SITES,
  EMBED_PATH,
  EMBED_SCRIPT_FILE,
  EMBED_SCRIPT_PATH,
} from './limits.js';
