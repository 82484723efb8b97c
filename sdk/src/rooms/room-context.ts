import type { CrypTalkClientOptions } from '../client.js';
import type { DeviceIdentity } from '../crypto/identity/index.js';
import type { ClientEvents } from '../events.js';
import type { LinkPreviewFetcher } from '../messages/index.js';
import type { RelayClient } from '../relay-client/index.js';
import type { Store } from '../store/index.js';
import type { RoomCallConfig } from './room-calls.js';

/** What a room needs from its client. */
export interface RoomContext {
  /** This device's identity. */
  readonly identity: DeviceIdentity;
  /** `ed25519:<base64>` of this device. */
  readonly selfId: string;
  /** The encrypted local store. */
  readonly store: Store;
  /** The relay's URL (its blob endpoint serves attachments). */
  readonly relayUrl: string;
  /** Where invite links open, e.g. `https://chat.example/join`. */
  readonly inviteBase: string;
  /** How long a joiner waits to be admitted, in ms. */
  readonly joinTimeoutMs: number;
  /** The open relay connection. @throws ClientError `CLIENT_NOT_CONNECTED` */
  relay(): RelayClient;
  /** This device's display name, if set. */
  displayName(): string | undefined;
  /** Privacy toggles: whether this client sends read receipts and typing signals. */
  readonly privacy: { readonly receipts: boolean; readonly typing: boolean };
  /**
   * Publishes a sealed payload through the client's outbox (stored first, delivered when connected, resent
   * after a reconnect).
   * @param expiresAt - when a disappearing message disappears (ms since the epoch, sender's clock): the relay
   *   is told to stop delivering and erase it then.
   * @param local - the sender's own record of the message (`pending-record.ts`): carried by the outbox record
   *   and written to the history with its offset in the transaction that records the relay's ack.
   * @returns the relay offset once stored, or `undefined` while it waits in the outbox (offline).
   */
  send(
    roomId: string,
    msgId: string,
    epoch: number,
    payload: Uint8Array,
    expiresAt?: number,
    local?: Uint8Array,
  ): Promise<number | undefined>;
  /** Our own message came back in the room's stream: the outbox can forget it. */
  delivered(msgId: string, offset: number): void;
  /**
   * Takes messages back from the outbox if none of them ever left this device (all or none); their `send`
   * promises then resolve `undefined`.
   * @returns whether they were withdrawn (never to be sent).
   */
  withdraw(msgIds: readonly string[]): Promise<boolean>;
  /** Emits a client event. */
  emit<K extends keyof ClientEvents>(event: K, payload: ClientEvents[K]): void;
  /** The room is gone (left, destroyed, removed): drop it from the client. */
  forget(roomId: string): void;
  /** The app's page fetcher for sender-side link previews; absent: no previews are made. */
  readonly linkPreviews?: LinkPreviewFetcher;
  /** Calls options (E2EE worker, media devices, fetch). */
  readonly calls?: RoomCallConfig;
  /**
   * Group rooms: how old this device's own keys in a group may get before its next send also commits an update
   * of them, in ms; `false`: never on its own ({@link CrypTalkClientOptions.keyUpdateIntervalMs}).
   */
  readonly keyUpdateIntervalMs: number | false;
}

/** A group invite as the members keep it. */
export type StoredInvite = { id: Uint8Array; secret: Uint8Array; expiresAt: number };

/** What a room keeps beside its crypto state (a sealed `kv` record `room:<id>`). */
export type RoomMeta = {
  kind: 'group' | 'direct';
  name?: string;
  /** The relay stream position to resume from. */
  stream?: { epoch: string; next: number };
  /** Display names by member id. */
  names: { [memberId: string]: string };
  /** Group invites that admit joiners. */
  invites: StoredInvite[];
  /** 1:1: the peer's encoded public identity. */
  peer?: Uint8Array;
  /** 1:1 creator: the invite link (until the peer joined). */
  link?: string;
  /** The room's idle lifetime at the relay, in s. */
  ttl?: number;
  /** Group: the MLS epoch this client joined at (older messages predate it). */
  joinedEpoch?: number;
  /**
   * Group: when this device last replaced its own keys in the group (a commit of its own with an UpdatePath: an
   * update or a removal), ms since the epoch. Absent: since it joined.
   */
  keysUpdatedAt?: number;
  /**
   * Group joiner waiting for its Welcome: the invite it answered and its request id. Its key package's private
   * keys are a separate sealed record ({@link roomPrekeysKey}). Cleared once joined.
   */
  pendingJoin?: StoredInvite & { req: string };
};

/** The kv key of a room's {@link RoomMeta}. */
export function roomMetaKey(roomId: string): string {
  return `room:${roomId}`;
}

/**
 * The kv key of a room's pending handshake secrets: a 1:1 creator's prekeys (until the peer's first message
 * arrives) or a group joiner's key package (until its Welcome arrives). Sealed like every record, deleted once
 * the session started or the group joined, or with the room.
 */
export function roomPrekeysKey(roomId: string): string {
  return `room-prekeys:${roomId}`;
}
