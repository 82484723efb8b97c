/**
 * The relay's per-site embed configuration: which sites may frame the chat page at `/embed`, and whether
 * calls (camera, microphone) are delegated to it there.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RelayError } from '../../errors.js';
import { liveKitConnectSources } from './calls-sources.js';
import { EMBED_BUILD_INFO_FILE, EMBED_MAX_FILES, EMBED_MAX_SITES, EMBED_SCRIPT_FILE } from './limits.js';

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
  /**
   * Folder holding the widget's built `cryptalk-frame.js` (e.g. `widget/dist`) and, beside it, the chunks it
   * imports and the Workers they start by URL, as the build's `build.json` lists them: the relay serves
   * exactly those under `/embed/`.
   */
  assetsDir: string;
}

/** {@link EmbedOptions} validated, sites keyed by origin. */
export interface ResolvedEmbedOptions {
  readonly sites: ReadonlyMap<string, Required<EmbedSite>>;
  readonly scriptPath: string;
  /**
   * Every file served under `/embed/`, by name → its path: the frame's script, the chunks it imports
   * (statically or with `import()`, transitively) and the Workers those start by URL, as `build.json` lists
   * them. Only the script when the folder has no `build.json`.
   */
  readonly files: ReadonlyMap<string, string>;
  /**
   * What the page of a site with `calls: true` may connect to beside the relay: the LiveKit server's
   * WebSocket and HTTP origins ({@link liveKitConnectSources}); empty when the relay has no LiveKit or no site
   * has calls.
   */
  readonly callsConnectSources: readonly string[];
}

/** A chunk name as the widget's build writes it: `cryptalk-….js`, optionally with a leading `./`. */
const CHUNK_NAME_RE = /^(?:\.\/)?(cryptalk-[a-z0-9][a-z0-9-]*\.js)$/;

/** What a frame script split into chunks carries: the specifier of one of them (`./cryptalk-frame-….js`). */
const SPLIT_MARKER = './cryptalk-frame-';

/**
 * What build.json says of one file: the chunks it imports (`imports`, static; `dynamicImports`, `import()`),
 * and the files it starts as Workers by URL (`workers`: `new Worker(new URL(name, import.meta.url))`, no
 * import at all, so a bundler's import graph does not know them; LiveKit's E2EE Worker beside the calls
 * chunks). All three are followed, transitively.
 */
interface BuildInfoEntry {
  imports?: unknown;
  dynamicImports?: unknown;
  workers?: unknown;
}

/**
 * The frame's files: its script and, transitively, every chunk it imports and every Worker it starts by URL,
 * as `assetsDir/build.json` lists them (names only, matched against {@link CHUNK_NAME_RE}: no path reaches the file system from a request).
 * @throws RelayError `RELAY_CONFIG_INVALID` naming `embed.assetsDir` when build.json is unreadable, lists too
 *   many files, or lists one that is not in the folder.
 */
function frameFiles(assetsDir: string, scriptPath: string): Map<string, string> {
  const files = new Map([[EMBED_SCRIPT_FILE, scriptPath]]);
  const infoPath = join(assetsDir, EMBED_BUILD_INFO_FILE);
  if (!existsSync(infoPath)) {
    // A folder built before the frame was split: the script is the whole frame. A split frame without its
    // list would fail on its first lazy import: refuse it now.
    if (readFileSync(scriptPath, 'latin1').includes(SPLIT_MARKER)) {
      throw RelayError.config(
        'embed.assetsDir',
        `must contain ${EMBED_BUILD_INFO_FILE}, which lists the chunks ${EMBED_SCRIPT_FILE} imports (build the widget)`,
      );
    }
    return files;
  }
  let info: Record<string, BuildInfoEntry>;
  try {
    info = JSON.parse(readFileSync(infoPath, 'utf8')) as Record<string, BuildInfoEntry>;
    if (info === null || typeof info !== 'object') throw new TypeError('not an object');
  } catch {
    throw RelayError.config(
      'embed.assetsDir',
      `has an unreadable ${EMBED_BUILD_INFO_FILE} (build the widget)`,
    );
  }
  const imports = (entry: BuildInfoEntry | undefined): unknown[] => [
    ...(Array.isArray(entry?.imports) ? entry.imports : []),
    ...(Array.isArray(entry?.dynamicImports) ? entry.dynamicImports : []),
    ...(Array.isArray(entry?.workers) ? entry.workers : []),
  ];
  for (const file of files.keys()) {
    for (const spec of imports(Object.hasOwn(info, file) ? info[file] : undefined)) {
      const name = typeof spec === 'string' ? CHUNK_NAME_RE.exec(spec)?.[1] : undefined;
      // Bare specifiers (`crypto`, a guarded Node fallback) are not files of the build.
      if (name === undefined || files.has(name) || !Object.hasOwn(info, name)) continue;
      if (files.size >= EMBED_MAX_FILES) {
        throw RelayError.config('embed.assetsDir', `lists more than ${EMBED_MAX_FILES} frame files`);
      }
      const path = join(assetsDir, name);
      if (!existsSync(path)) {
        throw RelayError.config(
          'embed.assetsDir',
          `must contain ${name}, which ${EMBED_SCRIPT_FILE} imports (build the widget)`,
        );
      }
      files.set(name, path);
    }
  }
  return files;
}

/** An exact web origin: scheme, host, optional port. */
export const ORIGIN_RE =
  /^https?:\/\/(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Validates the embed options.
 * @param options - the raw options, or undefined (no embedding).
 * @param livekitUrl - the relay's `livekitUrl` (LiveKit for calls), or undefined when it has none: the page
 *   of a site with `calls: true` may then connect to that server too.
 * @returns the resolved options, or undefined when embedding is off.
 * @throws RelayError `RELAY_CONFIG_INVALID` naming `embed.*` when a value is wrong, or `livekitUrl` when the
 *   page's CSP could not name that server ({@link liveKitConnectSources}).
 */
export function resolveEmbedOptions(
  options: EmbedOptions | undefined,
  livekitUrl?: string,
): ResolvedEmbedOptions | undefined {
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
  // only a site with calls lists the server (and only then must its URL be expressible in a CSP)
  const withCalls = [...map.values()].some((site) => site.calls);
  const callsConnectSources = livekitUrl === undefined || !withCalls ? [] : liveKitConnectSources(livekitUrl);
  return { sites: map, scriptPath, files: frameFiles(assetsDir, scriptPath), callsConnectSources };
}
