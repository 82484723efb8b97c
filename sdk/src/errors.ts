/**
 * Stable error codes of the SDK client. Codes are never reused; each is listed in docs/errors.md.
 */
export type ClientErrorCode =
  | 'CLIENT_NOT_CONNECTED'
  | 'CLIENT_CONNECT_FAILED'
  | 'CLIENT_RELAY_ERROR'
  | 'CLIENT_BAD_FRAME'
  | 'CLIENT_NO_WEBSOCKET';

/**
 * The base of every error the SDK throws or emits: a stable `code`, an optional `cause`, and a message that
 * never contains keys, plaintext or room ids.
 */
export class CrypTalkError extends Error {
  override name = 'CrypTalkError';
  /** A stable, documented code. */
  readonly code: string;

  /**
   * @param code - the stable code.
   * @param message - safe to show and log.
   * @param options - the underlying cause, if any.
   */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Errors of the client and its connection to the relay. */
export class ClientError extends CrypTalkError {
  override name = 'ClientError';
  declare readonly code: ClientErrorCode;

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
    return new ClientError('CLIENT_RELAY_ERROR', `relay error ${code}: ${message}`);
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
}
