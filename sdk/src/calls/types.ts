import type { Unsubscribe } from '../emitter.js';

/**
 * The seam calls use for signalling: ephemeral, end-to-end-encrypted messages to the room's members. The
 * client implements it over the relay's ephemeral signals (encrypted with the room's group key, never
 * queued, dropped when the recipient is offline); tests implement it over a tiny in-test relay.
 */
export interface SignalChannel {
  /** This participant's id in the room (stable for the call; compared to order peers). */
  readonly selfId: string;
  /**
   * Sends a signal to every other member of the room. Fire and forget: never queued, never retried.
   * @param payload - the signal text; the implementation encrypts it end to end.
   */
  send(payload: string): void;
  /**
   * Subscribes to signals from other members, already decrypted and authenticated.
   * @param listener - called with the authenticated sender id and the signal text.
   * @returns a function that unsubscribes.
   */
  onSignal(listener: (from: string, payload: string) => void): Unsubscribe;
}

/** TURN servers and credentials, shaped like `RTCIceServer`s. */
export interface IceServerCredentials {
  /** The servers to hand to `RTCPeerConnection`. */
  iceServers: RTCIceServer[];
}

/** A LiveKit join grant from the relay. */
export interface LiveKitGrant {
  /** The LiveKit server URL. */
  url: string;
  /** The short-lived access token (one room, no room-creation rights). */
  token: string;
  /** The hashed identity the token carries, as other participants see it in the SFU. */
  identity: string;
}

/**
 * The seam calls use for credentials: the client fetches them from the relay's `/calls/turn` and
 * `/calls/token` behind its auth; tests supply functions.
 */
export interface CallCredentials {
  /** TURN (and STUN) servers with time-limited REST credentials. */
  turn(): Promise<IceServerCredentials>;
  /** A LiveKit token for this room's SFU room. */
  liveKitToken(): Promise<LiveKitGrant>;
}

/** Media to send: `true` for the default device, constraints to choose one, `false` for none. */
export type MediaChoice = boolean | MediaTrackConstraints;

/** Options of one call. */
export interface CallOptions {
  /** Microphone. @default true */
  audio?: MediaChoice;
  /** Camera. @default true */
  video?: MediaChoice;
  /** How long P2P may try before falling back to the SFU, in ms. @default P2P_CONNECT_TIMEOUT_MS */
  p2pTimeoutMs?: number;
  /** ICE transport policy for P2P (`relay` forces TURN). @default 'all' */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** How often quality stats are emitted, in ms. @default STATS_INTERVAL_MS */
  statsIntervalMs?: number;
  /**
   * Load the SFU code and open its connection early while P2P is tried, so a fallback is quick. By default in
   * group rooms, where a third member joining moves the call to the SFU; not in 1:1 rooms, whose calls stay
   * P2P unless ICE fails (the SFU code, livekit-client, then loads at the fallback). `false` loads it only when
   * needed in every room.
   * @default true in group rooms, false in 1:1 rooms
   */
  prewarmSfu?: boolean;
}

/** What a call needs from its room and environment. */
export interface CallEnvironment {
  /** Signalling to the room's members. */
  signals: SignalChannel;
  /** TURN credentials and LiveKit tokens. */
  credentials: CallCredentials;
  /**
   * The room's current group secret (≥ 16 bytes), for media keys. Asked again at every key rotation, so a
   * room that changes its secret when a member leaves (MLS commits) also locks the leaver out of media.
   */
  groupSecret(): Uint8Array | Promise<Uint8Array>;
  /**
   * The room has no group secret (1:1 rooms): the caller draws a random per-call media secret and sends it
   * inside the end-to-end-encrypted ring; joiners use the ring's, and {@link groupSecret} is not asked.
   * A member who never saw the ring can still join P2P (DTLS-SRTP), but not the SFU.
   */
  perCallSecret?: boolean;
  /**
   * How many other members a ring reaches now. The caller's call ends with `declined` once that many
   * different members declined it. Absent (or `undefined`): 1 in rooms with {@link perCallSecret} (1:1),
   * else unknown, and declines are only reported (`declined` events) while the call keeps ringing.
   */
  otherMembers?(): number | undefined | Promise<number | undefined>;
  /** Creates LiveKit's E2EE worker (`livekit-client/e2ee-worker`), served by the app same-origin. */
  e2eeWorker(): Worker;
  /** Media devices; `navigator.mediaDevices` when omitted. */
  mediaDevices?: MediaDevices;
}
