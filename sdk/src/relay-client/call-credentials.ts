import { proveChallengeAsync, type RoomAuthKey } from '../crypto/auth/index.js';
import { ClientError } from '../errors.js';
import { fromBase64url, type Proof, toBase64url } from '../protocol/index.js';

/** Which call credential to fetch: TURN REST credentials (`/calls/turn`) or a LiveKit token (`/calls/token`). */
export type CallCredentialKind = 'turn' | 'livekit';

/** Largest relay answer to a calls request accepted, in characters (a token and a few URLs). */
const MAX_CALLS_ANSWER_CHARS = 16_384;

/** The `fetch` this module needs (the global one in browsers, Workers and Node ≥ 18). */
export type FetchFunction = (
  input: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

/** The relay's HTTP origin for a ws(s):// or http(s):// relay URL. */
function httpOrigin(relay: string): string {
  const u = new URL(relay);
  if (u.protocol === 'ws:') u.protocol = 'http:';
  else if (u.protocol === 'wss:') u.protocol = 'https:';
  else if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new TypeError('relay URL must be ws(s) or http(s)');
  return u.origin;
}

async function post(fetchFn: FetchFunction, url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetchFn(url, {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (text.length > MAX_CALLS_ANSWER_CHARS) throw ClientError.badFrame(new Error('calls answer too large'));
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch (cause) {
    throw ClientError.badFrame(cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ClientError.badFrame(new Error('calls answer is not an object'));
  }
  const o = parsed as Record<string, unknown>;
  if (!res.ok) {
    const e = o.error as { code?: unknown; message?: unknown } | undefined;
    throw ClientError.relay(
      typeof e?.code === 'string' ? e.code.slice(0, 64) : `HTTP_${res.status}`,
      typeof e?.message === 'string' ? e.message.slice(0, 200) : `HTTP ${res.status}`,
    );
  }
  return o;
}

/**
 * Fetches call credentials for a room from the relay: asks `POST /calls/challenge` for a one-use challenge,
 * proves the room's pseudonymous key over it (bound to the relay's origin and the challenge's connection id,
 * exactly as a WebSocket join proves it), and sends the proof to `/calls/turn` or `/calls/token`. The relay
 * answers only members of the room; the body is returned as the relay sent it (the caller validates it).
 * @param relay - the relay URL (ws(s):// as given to the client).
 * @param room - the room id.
 * @param key - the room's pseudonymous key (not destroyed here).
 * @param kind - `turn` or `livekit`.
 * @param fetchFn - `fetch`. @default globalThis.fetch
 * @throws ClientError `CLIENT_RELAY_ERROR` with the relay's code (e.g. `CALLS_NOT_MEMBER`,
 *   `CALLS_NOT_CONFIGURED`), `CLIENT_BAD_FRAME` for an answer that does not parse.
 */
export async function fetchCallCredentials(
  relay: string,
  room: string,
  key: RoomAuthKey,
  kind: CallCredentialKind,
  fetchFn: FetchFunction = globalThis.fetch as unknown as FetchFunction,
): Promise<Record<string, unknown>> {
  const base = httpOrigin(relay);
  const ch = await post(fetchFn, `${base}/calls/challenge`);
  const { connId, nonce, issuedAt } = ch;
  if (typeof connId !== 'string' || typeof nonce !== 'string' || typeof issuedAt !== 'number') {
    throw ClientError.badFrame(new Error('calls challenge'));
  }
  const sig = await proveChallengeAsync(key, {
    origin: new URL(relay).origin,
    connId,
    nonce: fromBase64url(nonce, 'nonce'),
    issuedAt,
  });
  const proof: Proof = { nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
  return post(fetchFn, `${base}${kind === 'turn' ? '/calls/turn' : '/calls/token'}`, { room, connId, proof });
}
