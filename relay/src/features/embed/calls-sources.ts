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
 * @param livekitUrl - the relay's `livekitUrl` option.
 * @returns the two sources, WebSocket first, e.g. `['wss://sfu.example.com', 'https://sfu.example.com']`.
 * @throws RelayError `RELAY_CONFIG_INVALID` naming `livekitUrl` when it is not a ws://, wss://, http:// or
 *   https:// URL, or its host cannot be named in a CSP source (an IPv6 literal, an underscore, a stray
 *   character): the page's header would otherwise be broken.
 * @example
 * liveKitConnectSources('ws://127.0.0.1:7880'); // ['ws://127.0.0.1:7880', 'http://127.0.0.1:7880']
 */
export function liveKitConnectSources(livekitUrl: string): readonly [string, string] {
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
  return secure ? [`wss://${host}`, `https://${host}`] : [`ws://${host}`, `http://${host}`];
}
