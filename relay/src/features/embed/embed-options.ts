/**
 * The relay's per-site embed configuration: which sites may frame the chat page at `/embed`, and whether
 * calls (camera, microphone) are delegated to it there.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RelayError } from '../../errors.js';
import { EMBED_MAX_SITES, EMBED_SCRIPT_FILE } from './limits.js';

/** One site allowed to embed the chat. */
export interface EmbedSite {
  /** The site's exact origin, e.g. `https://shop.example` (no path, no wildcard). */
  origin: string;
  /** Whether the chat may ask for camera and microphone there (calls). @default false */
  calls?: boolean;
}

/** Options of the embed page (`RelayOptions.embed`). Without them `/embed` answers 404. */
export interface EmbedOptions {
  /** Sites that may frame `/embed`; each becomes that page's only `frame-ancestors` entry. */
  sites: EmbedSite[];
  /** Folder holding the widget's built `cryptalk-frame.js` (e.g. `widget/dist`). */
  assetsDir: string;
}

/** {@link EmbedOptions} validated, sites keyed by origin. */
export interface ResolvedEmbedOptions {
  readonly sites: ReadonlyMap<string, Required<EmbedSite>>;
  readonly scriptPath: string;
}

/** An exact web origin: scheme, host, optional port. */
export const ORIGIN_RE =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Validates the embed options.
 * @param options - the raw options, or undefined (no embedding).
 * @returns the resolved options, or undefined when embedding is off.
 * @throws RelayError `RELAY_CONFIG_INVALID` naming `embed.*` when a value is wrong.
 */
export function resolveEmbedOptions(options: EmbedOptions | undefined): ResolvedEmbedOptions | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') throw RelayError.config('embed', 'must be an object');
  const { sites, assetsDir } = options;
  if (!Array.isArray(sites) || sites.length > EMBED_MAX_SITES) {
    throw RelayError.config('embed.sites', `must be a list of at most ${EMBED_MAX_SITES} sites`);
  }
  const map = new Map<string, Required<EmbedSite>>();
  for (const site of sites) {
    const origin = (site as Partial<EmbedSite> | null)?.origin;
    if (typeof origin !== 'string' || !ORIGIN_RE.test(origin)) {
      throw RelayError.config('embed.sites', 'must hold exact origins like https://shop.example');
    }
    if (site.calls !== undefined && typeof site.calls !== 'boolean') {
      throw RelayError.config('embed.sites', 'calls must be true or false');
    }
    const key = origin.toLowerCase();
    if (map.has(key)) throw RelayError.config('embed.sites', 'lists an origin twice');
    map.set(key, { origin: key, calls: site.calls === true });
  }
  if (typeof assetsDir !== 'string' || assetsDir.length === 0) {
    throw RelayError.config('embed.assetsDir', 'must be the folder of the built widget');
  }
  const scriptPath = join(assetsDir, EMBED_SCRIPT_FILE);
  if (!existsSync(scriptPath)) {
    throw RelayError.config('embed.assetsDir', `must contain ${EMBED_SCRIPT_FILE} (build the widget)`);
  }
  return { sites: map, scriptPath };
}
