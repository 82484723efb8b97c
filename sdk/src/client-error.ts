/**
 * The errors of the SDK client and its connection to the relay. Codes are never reused; each is listed in
 * docs/errors.md. A module of its own (re-exported by `errors.ts`) so that code needing only the
 * {@link CrypTalkError} base, such as the widget's UI, does not carry this class and its factories.
 *
 * @module
 */
import { CrypTalkError } from './cryptalk-error.js';

/** Stable error codes of the SDK client. Codes are never reused; each is listed in docs/errors.md. */
export type ClientErrorCode =
  | 'CLIENT_NOT_CONNECTED'
  | 'CLIENT_CONNECT_FAILED'
  | 'CLIENT_RELAY_ERROR'
  | 'CLIENT_BAD_FRAME'
  | 'CLIENT_NO_WEBSOCKET'
  | 'CLIENT_BAD_INVITE'
  | 'CLIENT_INVITE_EXPIRED'
  | 'CLIENT_JOIN_TIMEOUT'
  | 'CLIENT_NOT_A_MEMBER'
  | 'CLIENT_UNKNOWN_ROOM'
  | 'CLIENT_UNKNOWN_MEMBER'
  | 'CLIENT_PEER_NOT_READY'
  | 'CLIENT_UNDECRYPTABLE'
  | 'CLIENT_CLOSED'
  | 'CLIENT_INVALID_ARGUMENT';

/** Every {@link ClientErrorCode}, for docs checks. */
export const CLIENT_ERROR_CODES: readonly ClientErrorCode[] = [
  'CLIENT_NOT_CONNECTED',
  'CLIENT_CONNECT_FAILED',
  'CLIENT_RELAY_ERROR',
  'CLIENT_BAD_FRAME',
  'CLIENT_NO_WEBSOCKET',
  'CLIENT_BAD_INVITE',
  'CLIENT_INVITE_EXPIRED',
  'CLIENT_JOIN_TIMEOUT',
  'CLIENT_NOT_A_MEMBER',
  'CLIENT_UNKNOWN_ROOM',
  'CLIENT_UNKNOWN_MEMBER',
  'CLIENT_PEER_NOT_READY',
  'CLIENT_UNDECRYPTABLE',
  'CLIENT_CLOSED',
  'CLIENT_INVALID_ARGUMENT',
];

/** Errors of the client and its connection to the relay. */
export class ClientError extends CrypTalkError {
  override name = 'ClientError';
  declare readonly code: ClientErrorCode;
  /** For `CLIENT_RELAY_ERROR`: the relay's error code (e.g. `RELAY_STALE_EPOCH`). */
  relayCode?: string;

  /** An operation needs a connection and there is none. */
  static notConnected(): ClientError {
    return new ClientError('CLIENT_NOT_CONNECTED', 'not connected to a relay');
  }

  /** The WebSocket could not be opened. */
  static connectFailed(cause?: unknown): ClientError {
    return new ClientError('CLIENT_CONNECT_FAILED', 'could not connect to the relay', { cause });
  }

  /** The relay answered with an error frame. */
  static relay(code: string, message: string): ClientError {
    const err = new ClientError('CLIENT_RELAY_ERROR', `relay error ${code}: ${message}`);
    err.relayCode = code;
    return err;
  }

  /** The relay sent a frame that does not decode. */
  static badFrame(cause: unknown): ClientError {
    return new ClientError('CLIENT_BAD_FRAME', 'the relay sent a malformed frame', { cause });
  }

  /** No WebSocket implementation is available (Node 20 without the `ws` option). */
  static noWebSocket(): ClientError {
    return new ClientError(
      'CLIENT_NO_WEBSOCKET',
      'no WebSocket implementation: pass options.WebSocket (for example the "ws" package) on Node 20',
    );
  }

  /** An invite link that does not parse (wrong shape, version or lengths). */
  static badInvite(what: string): ClientError {
    return new ClientError('CLIENT_BAD_INVITE', `invalid invite link: ${what}`);
  }

  /** The invite link's lifetime is over. */
  static inviteExpired(): ClientError {
    return new ClientError('CLIENT_INVITE_EXPIRED', 'the invite link has expired');
  }

  /** No member admitted this client within the join timeout. */
  static joinTimeout(ms: number): ClientError {
    return new ClientError('CLIENT_JOIN_TIMEOUT', `no member admitted the join within ${ms} ms`);
  }

  /** The operation needs membership of the room (not yet admitted, left, or removed). */
  static notAMember(): ClientError {
    return new ClientError('CLIENT_NOT_A_MEMBER', 'this client is not a member of the room');
  }

  /** No room with this id in this client. */
  static unknownRoom(): ClientError {
    return new ClientError('CLIENT_UNKNOWN_ROOM', 'no such room in this client');
  }

  /** No member with this identity in the room. */
  static unknownMember(): ClientError {
    return new ClientError('CLIENT_UNKNOWN_MEMBER', 'no such member in the room');
  }

  /** A 1:1 room whose peer has not joined yet cannot carry messages from its creator. */
  static peerNotReady(): ClientError {
    return new ClientError('CLIENT_PEER_NOT_READY', 'the other person has not joined this 1:1 room yet');
  }

  /** A message of a room could not be decrypted or authenticated (reported through the `error` event). */
  static undecryptable(kind: string, cause?: unknown): ClientError {
    return new ClientError('CLIENT_UNDECRYPTABLE', `a ${kind} message could not be decrypted`, { cause });
  }

  /** The client was closed (`cause`: what the close interrupted, such as a store write). */
  static closed(cause?: unknown): ClientError {
    return new ClientError(
      'CLIENT_CLOSED',
      'the client is closed',
      cause === undefined ? undefined : { cause },
    );
  }

  /** An argument is out of range (its name and limit are in the message). */
  static invalidArgument(name: string, limit: string): ClientError {
    return new ClientError('CLIENT_INVALID_ARGUMENT', `${name} must be ${limit}`);
  }
}
