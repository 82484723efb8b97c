/**
 * One client connection as the layers above the transport see it: text in, text out, close. No socket, no
 * `ws` types.
 */
export interface Conn {
  /** The client's IP address: for limits only, never logged or exported. */
  readonly ip: string;
  /**
   * Queues a text frame (a string, or its UTF-8 bytes when one encoding is shared by many receivers). Cuts the
   * connection off if its send buffer passes the slow-consumer cap.
   */
  send(text: string | Buffer): void;
  /** Queues a frame that may be dropped (signals): returns false, sending nothing, when the buffer is busy. */
  sendDroppable(text: string): boolean;
  /** Closes with a WebSocket close code and a short reason. */
  close(code: number, reason: string): void;
  /** Whether the connection is still open. */
  readonly open: boolean;
}

/** What the layer above does with one connection's traffic. */
export interface ConnHandlers {
  /** A text frame arrived. */
  onText(text: string): void;
  /** A binary frame arrived (the protocol is text only). */
  onBinary(): void;
  /** The connection closed, for whatever reason. */
  onClose(): void;
}

/** The decision on an incoming WebSocket upgrade. */
export type UpgradeDecision = { ok: true } | { ok: false; status: 403 | 429 | 503; reason: string };
