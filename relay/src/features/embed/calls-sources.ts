/**
 * What the embed page of a site with calls may connect to beside the relay: the LiveKit server named by the
 * relay's `livekitUrl`, as CSP sources.
 *
 * @module
 */
import { RelayError } from '../../errors.js';

/**
 * A host a CSP source expression can name (CSP Level 3 §2.3.1 `host-part`: labels of ALPHA / DIGIT / "-",
 * no wildcard here); an IPv4 address is such a name. An IPv6 literal or an underscore cannot be written there.
 */
const CSP_HOST_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

/**
 * The `connect-src` sources of the LiveKit server at `livekitUrl`: its WebSocket origin (livekit-client's
 * signalling, `<url>/rtc…`) and the HTTP origin of the same host and port (`<url>/rtc/…/validate` after a
 * failed connect, and the `HEAD` of `prepareConnection` while a call pre-warms). Secure URLs (`wss:`,
 * `https:`) give `wss:` + `https:`, plain ones `ws:` + `http:`. Origins only: livekit-client appends its
 * paths to whatever path the URL has, and a source without a path matches every path.
 *
 * A LiveKit Cloud server (a host under `livekit.cloud` or `livekit.run`, which livekit-client treats as cloud)
 * also gives that domain's subdomains in both schemes: when the project's host cannot be reached, livekit-client
 * fetches the project's region list from it and connects to a region's own host under the same domain, which the
 * CSP would otherwise block.
 *
 * @param livekitUrl - the relay's `livekitUrl` option.
 * @returns the sources, WebSocket first, e.g. `['wss://sfu.example.com', 'https://sfu.example.com']`; for
 *   `wss://p.livekit.cloud` also `wss://*.livekit.cloud` and `https://*.livekit.cloud`.
 * @throws RelayError `RELAY_CONFIG_INVALID` naming `livekitUrl` when it is not a ws://, wss://, http:// or
 *   https:// URL, or its host cannot be named in a CSP source (an IPv6 literal, an underscore, a stray
 *   character): the page's header would otherwise be broken.
 * @example
 * liveKitConnectSources('ws://127.0.0.1:7880'); // ['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']
 */
export function liveKitConnectSources(livekitUrl: string): readonly string[] {
  let url: URL;
  try {
    url = new URL(livekitUrl);
  } catch {
    throw RelayError.config('livekitUrl', 'must be a ws://, wss://, http:// or https:// URL');
  }
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  if (!secure && url.protocol !== 'ws:' && url.protocol !== 'http:') {
    throw RelayError.config('livekitUrl', 'must be a ws://, wss://, http:// or https:// URL');
  }
  if (!CSP_HOST_RE.test(url.hostname)) {
    throw RelayError.config(
      'livekitUrl',
      'must name its host by a DNS name or an IPv4 address, which the embed page of a site with calls lists in its CSP connect-src',
    );
  }
  // `URL` drops the scheme's default port and refuses one above 65535.
  const host = url.port === '' ? url.hostname : `${url.hostname}:${url.port}`;
  const [ws, http] = secure ? ['wss', 'https'] : ['ws', 'http'];
  const sources = [`${ws}://${host}`, `${http}://${host}`];
  const cloud = LIVEKIT_CLOUD_DOMAINS.find((d) => url.hostname.endsWith(`.${d}`));
  if (cloud) sources.push(`${ws}://*.${cloud}`, `${http}://*.${cloud}`);
  return sources;
}

/** The domains whose hosts livekit-client treats as LiveKit Cloud (with region failover): its `isCloud`. */
const LIVEKIT_CLOUD_DOMAINS = ['livekit.cloud', 'livekit.run'] as const;
