import type { ChatMessage } from '../events.js';

/** What a {@link Room} needs from its client. */
export interface RoomHost {
  publish(room: string, text: string): Promise<ChatMessage>;
  leave(room: string): Promise<void>;
}

/**
 * A joined room. Obtained from {@link CrypTalkClient.join}; everything about one room is reached through it.
 */
export class Room {
  /**
   * @param id - the room's id.
   * @param host - the client that joined it.
   */
  constructor(
    readonly id: string,
    private readonly host: RoomHost,
  ) {}

  /**
   * Sends a text message.
   * @param text - the text to send.
   * @returns the message once the relay has stored it (with its offset).
   */
  send(text: string): Promise<ChatMessage> {
    return this.host.publish(this.id, text);
  }

  /** Leaves the room: no more messages arrive from it. */
  leave(): Promise<void> {
    return this.host.leave(this.id);
  }
}
