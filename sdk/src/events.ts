/** A message received in, or sent to, a room. */
export interface ChatMessage {
  /** The room's id. */
  room: string;
  /** The 128-bit message id, base64url. */
  msgId: string;
  /** The message's position in the room's history. */
  offset: number;
  /** The text. */
  text: string;
  /** When the sender sent it, in ms since the epoch (sender's clock). */
  sentAt: number;
  /** Whether this client sent it. */
  own: boolean;
}

/** The connection's state. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

/** Every event a {@link CrypTalkClient} emits, with its payload. */
export interface ClientEvents {
  /** A message arrived in a joined room (including this client's own, once the relay ordered it). */
  message: ChatMessage;
  /** The connection changed state. */
  connection: { state: ConnectionState; code?: number; reason?: string };
  /** Something went wrong that no call can report (a relay error frame, a bad frame, a listener error). */
  error: Error;
}
