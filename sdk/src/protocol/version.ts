/**
 * The wire protocol version carried by every frame (`v`). A relay answers a frame of another version with
 * an `unsupported-version` error frame. Bump on any incompatible change to a frame layout.
 */
export const PROTOCOL_VERSION = 1 as const;

/** The WebSocket subprotocol name the client offers and the relay accepts. */
export const WS_SUBPROTOCOL = 'cryptalk.v1';
