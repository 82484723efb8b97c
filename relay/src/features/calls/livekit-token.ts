import { AccessToken } from 'livekit-server-sdk';
import { CallsError } from './errors.js';
import { hashName } from './hash-name.js';
import {
  LIVEKIT_IDENTITY_LABEL,
  LIVEKIT_ROOM_NAME_LABEL,
  LIVEKIT_TOKEN_MAX_TTL_SECONDS,
  LIVEKIT_TOKEN_TTL_SECONDS,
  MIN_SERVER_SECRET_BYTES,
} from './limits.js';

/** The relay's LiveKit configuration. */
export interface LiveKitConfig {
  /** The URL clients connect to (`wss://…`), handed back with every token. */
  url: string;
  /** The LiveKit API key. */
  apiKey: string;
  /** The LiveKit API secret (≥ 16 bytes). */
  apiSecret: string;
  /** The relay's key for hashing room ids and identities (≥ 16 bytes); never given to LiveKit. */
  hashKey: string | Uint8Array;
}

/** What to mint a token for. */
export interface LiveKitTokenRequest {
  /** The CrypTalk room id (hashed before LiveKit sees it). */
  room: string;
  /** The requester's pseudonymous identity in that room (hashed before LiveKit sees it). */
  identity: string;
  /** Whether the requester is a member of `room`, as the relay's membership says. Non-members are refused. */
  isMember: boolean;
  /** Token lifetime in seconds. @default LIVEKIT_TOKEN_TTL_SECONDS */
  ttlSeconds?: number;
}

/** A minted token and what the client needs with it. */
export interface LiveKitTokenGrant {
  /** The LiveKit server URL. */
  url: string;
  /** The signed JWT. */
  token: string;
  /** The hashed room name the token is scoped to. */
  room: string;
  /** The hashed identity the token carries. */
  identity: string;
  /** Seconds until the token expires. */
  ttlSeconds: number;
}

/**
 * Mints a LiveKit access token for one room member: scoped to one room (`roomJoin` on the hashed room name
 * only), short-lived, with publish and subscribe rights and no room creation, room administration, listing
 * or recording rights. Room name and identity are HMAC-SHA-256 pseudonyms under the relay's hashing key.
 * @param config - the relay's LiveKit configuration.
 * @param request - room, identity and membership.
 * @returns the token and the hashed names.
 * @throws CallsError `CALLS_NOT_MEMBER` when `request.isMember` is false; RangeError for a short secret or a
 *   lifetime outside 1…{@link LIVEKIT_TOKEN_MAX_TTL_SECONDS}.
 * @example
 * const grant = await mintLiveKitToken(config, { room, identity, isMember: rooms.isMember(room, identity) });
 */
export async function mintLiveKitToken(
  config: LiveKitConfig,
  request: LiveKitTokenRequest,
): Promise<LiveKitTokenGrant> {
  if (!request.isMember) throw CallsError.notMember();
  if (!config.apiKey || Buffer.byteLength(config.apiSecret ?? '', 'utf8') < MIN_SERVER_SECRET_BYTES) {
    throw new RangeError(
      `LiveKit API key must be set and its secret at least ${MIN_SERVER_SECRET_BYTES} bytes`,
    );
  }
  const ttlSeconds = request.ttlSeconds ?? LIVEKIT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > LIVEKIT_TOKEN_MAX_TTL_SECONDS) {
    throw new RangeError(
      `token lifetime must be an integer from 1 to ${LIVEKIT_TOKEN_MAX_TTL_SECONDS} seconds`,
    );
  }
  const room = hashName(config.hashKey, LIVEKIT_ROOM_NAME_LABEL, request.room);
  const identity = hashName(config.hashKey, LIVEKIT_IDENTITY_LABEL, `${request.room}\0${request.identity}`);
  const at = new AccessToken(config.apiKey, config.apiSecret, { identity, ttl: ttlSeconds });
  at.addGrant({
    room,
    roomJoin: true,
    roomCreate: false,
    roomAdmin: false,
    roomList: false,
    roomRecord: false,
    canPublish: true,
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
    hidden: false,
  });
  return { url: config.url, token: await at.toJwt(), room, identity, ttlSeconds };
}
