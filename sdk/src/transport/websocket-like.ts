/**
 * The part of the WHATWG WebSocket the SDK uses, so that browsers' `WebSocket`, Node 22's global and the
 * `ws` package all fit.
 */
export interface WebSocketLike {
  /** `CONNECTING` (0), `OPEN` (1), `CLOSING` (2) or `CLOSED` (3). */
  readonly readyState: number;
  /** The subprotocol the server chose. */
  readonly protocol: string;
  /** Sends one text frame. */
  send(data: string): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listens for the connection's `open` event. */
  addEventListener(type: 'open', listener: () => void): void;
  /** Listens for the connection's `close` event. */
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  /** Listens for the connection's `error` event. */
  addEventListener(type: 'error', listener: (ev: unknown) => void): void;
  /** Listens for the connection's `message` event. */
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
}

/** A constructor of {@link WebSocketLike}. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** `WebSocket.OPEN`. */
export const WS_OPEN = 1;
