/**
 * Stable codes the relay sends in `error` frames (besides `PROTO_*` from the decoders and `AUTH_*` from the
 * crypto core's verifier). Listed in docs/errors.md; never reused. Messages name limits and counts only.
 */
export const RELAY_ERROR_CODES = [
  'RELAY_NOT_AUTHENTICATED',
  'RELAY_PROOF_REQUIRED',
  'RELAY_NOT_JOINED',
  'RELAY_NO_ROOM',
  'RELAY_NOT_OWNER',
  'RELAY_STALE_EPOCH',
  'RELAY_TOO_MANY_ROOMS',
  'RELAY_CAPACITY',
  'RELAY_RATE_LIMITED',
  'RELAY_NO_KEYS',
  'RELAY_UNAVAILABLE',
  'RELAY_SHUTTING_DOWN',
  'RELAY_CONFIG_INVALID',
  'RELAY_ORIGIN_FORBIDDEN',
] as const;

/** A stable relay error code. */
export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[number];

/** An error the relay reports to one client, or (for `RELAY_CONFIG_INVALID`) to the operator at start. */
export class RelayError extends Error {
  override readonly name = 'RelayError';
  /** The stable code. */
  readonly code: RelayErrorCode;

  /** @param code - stable code. @param message - names limits and counts, never ids, keys or payloads. */
  constructor(code: RelayErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /** The frame needs an authenticated session. */
  static notAuthenticated(): RelayError {
    return new RelayError('RELAY_NOT_AUTHENTICATED', 'prove possession of a key first');
  }

  /** A join or key upload came without the proof this relay requires. */
  static proofRequired(): RelayError {
    return new RelayError('RELAY_PROOF_REQUIRED', 'this relay requires a proof');
  }

  /** The connection has not joined the room. */
  static notJoined(): RelayError {
    return new RelayError('RELAY_NOT_JOINED', 'join the room before publishing');
  }

  /** The room does not exist (expired or destroyed). */
  static noRoom(): RelayError {
    return new RelayError('RELAY_NO_ROOM', 'the room does not exist');
  }

  /** Only the creator's key may destroy a room. */
  static notOwner(): RelayError {
    return new RelayError('RELAY_NOT_OWNER', 'only the key that created the room may destroy it');
  }

  /** An MLS handshake message names another epoch than the room's. */
  static staleEpoch(current: number): RelayError {
    return new RelayError('RELAY_STALE_EPOCH', `handshake message is not for the room's epoch ${current}`);
  }

  /** The connection joined the most rooms it may. */
  static tooManyRooms(max: number): RelayError {
    return new RelayError('RELAY_TOO_MANY_ROOMS', `a connection may join at most ${max} rooms`);
  }

  /** The relay is at a capacity limit. */
  static capacity(what: string): RelayError {
    return new RelayError('RELAY_CAPACITY', `the relay holds the most ${what} it may`);
  }

  /** A token bucket is empty. */
  static rateLimited(scope: string): RelayError {
    return new RelayError('RELAY_RATE_LIMITED', `${scope} rate limit exceeded`);
  }

  /** The directory holds nothing of that kind for the owner. */
  static noKeys(): RelayError {
    return new RelayError('RELAY_NO_KEYS', 'no keys of that kind are published');
  }

  /** The store failed. */
  static unavailable(): RelayError {
    return new RelayError('RELAY_UNAVAILABLE', 'storage is unavailable, retry later');
  }

  /** The relay is draining. */
  static shuttingDown(): RelayError {
    return new RelayError('RELAY_SHUTTING_DOWN', 'the relay is shutting down');
  }

  /** An HTTP request came from a page whose Origin is not on the allowlist. */
  static originForbidden(): RelayError {
    return new RelayError('RELAY_ORIGIN_FORBIDDEN', 'this site may not use the relay');
  }

  /** An option is invalid. */
  static config(option: string, why: string): RelayError {
    return new RelayError('RELAY_CONFIG_INVALID', `option "${option}" ${why}`);
  }
}

/** WebSocket close codes the relay uses (RFC 6455 §7.4: 4000–4999 are private). */
export const CLOSE = {
  /** Going away: the relay is shutting down. */
  GOING_AWAY: 1001,
  /** A frame passed the hard size ceiling. */
  TOO_BIG: 1009,
  /** No proof within the handshake timeout. */
  HANDSHAKE_TIMEOUT: 4001,
  /** Too many failed proofs on one connection. */
  AUTH_FAILED: 4003,
  /** Kept flooding after being rate limited. */
  POLICY: 4008,
  /** Its send buffer passed the cap: a slow consumer. */
  SLOW_CONSUMER: 4009,
} as const;
