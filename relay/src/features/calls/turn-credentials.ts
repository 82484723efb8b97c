import { createHmac } from 'node:crypto';
import {
  MIN_SERVER_SECRET_BYTES,
  TURN_CREDENTIALS_MAX_TTL_SECONDS,
  TURN_CREDENTIALS_TTL_SECONDS,
} from './limits.js';

/** Time-limited TURN credentials, shaped like an `RTCIceServer`. */
export interface TurnCredentials {
  /** TURN URLs (`turn:host:port?transport=udp`, …). */
  urls: string[];
  /** `<expiry unix seconds>[:<id>]`. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  /** Seconds the credentials stay valid. */
  ttlSeconds: number;
}

/** Options of {@link turnCredentials}. */
export interface TurnCredentialsOptions {
  /** TURN URLs handed back to the client. */
  urls: string[];
  /** An opaque id appended to the username (never a room id or a real identity). */
  id?: string;
  /** The current time in ms since the epoch. @default Date.now() */
  now?: number;
}

/**
 * Makes TURN credentials by coturn's REST API scheme (`use-auth-secret` / `static-auth-secret`, after
 * draft-uberti-behave-turn-rest-00 §2.2): the username is the expiry timestamp in Unix seconds, optionally
 * followed by `:` and an id; the password is base64(HMAC-SHA1(secret, username)). coturn recomputes the
 * password from the username and refuses it once the timestamp has passed.
 * @param secret - the shared secret configured in coturn (≥ 16 bytes).
 * @param ttlSeconds - lifetime, 1…{@link TURN_CREDENTIALS_MAX_TTL_SECONDS}. @default TURN_CREDENTIALS_TTL_SECONDS
 * @param options - URLs, optional id and clock.
 * @throws RangeError for a short secret or a lifetime out of range; TypeError for an id with `:`.
 */
export function turnCredentials(
  secret: string,
  ttlSeconds: number = TURN_CREDENTIALS_TTL_SECONDS,
  options: TurnCredentialsOptions = { urls: [] },
): TurnCredentials {
  if (Buffer.byteLength(secret ?? '', 'utf8') < MIN_SERVER_SECRET_BYTES) {
    throw new RangeError(`TURN secret must be at least ${MIN_SERVER_SECRET_BYTES} bytes`);
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > TURN_CREDENTIALS_MAX_TTL_SECONDS) {
    throw new RangeError(
      `TURN credential lifetime must be an integer from 1 to ${TURN_CREDENTIALS_MAX_TTL_SECONDS} seconds`,
    );
  }
  if (options.id !== undefined && (options.id.includes(':') || options.id.length === 0)) {
    throw new TypeError('TURN id must be non-empty and must not contain ":"');
  }
  const expiry = Math.floor((options.now ?? Date.now()) / 1000) + ttlSeconds;
  const username = options.id === undefined ? `${expiry}` : `${expiry}:${options.id}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { urls: [...options.urls], username, credential, ttlSeconds };
}
