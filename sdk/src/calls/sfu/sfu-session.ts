import {
  type Participant,
  type RemoteParticipant,
  type RemoteTrack,
  Room,
  RoomEvent,
  type Track,
} from 'livekit-client';
import { CallError } from '../errors.js';
import { LIVEKIT_TOKEN_REFRESH_MS } from '../limits.js';
import type { CallCredentials, LiveKitGrant } from '../types.js';
import { MediaKeyProvider } from './media-key-provider.js';

/** Callbacks of an {@link SfuSession}. */
export interface SfuSessionHandlers {
  /** A remote track was subscribed. `identity` is the participant's (hashed) SFU identity. */
  track(identity: string, track: MediaStreamTrack, stream: MediaStream): void;
  /** A participant left the SFU room. */
  participantLeft(identity: string): void;
  /** Frames from a participant failed to decrypt. */
  decryptionError(identity: string | undefined, error: CallError): void;
  /** The connection is reconnecting (`true`) or back (`false`). */
  reconnecting(on: boolean): void;
  /** The SFU dropped the connection for good. */
  disconnected(reason: string): void;
}

/**
 * A LiveKit room with end-to-end media encryption: the SDK's key provider holds keys derived from the
 * room's group secret and LiveKit's E2EE worker encrypts every frame (SFrame-like, AES-GCM) before it leaves
 * the browser, so the SFU forwards only ciphertext. Pre-warmed: the token is fetched and the connection
 * prepared while P2P is still being tried.
 */
export class SfuSession {
  /** The LiveKit room (exposed for stats and tests). */
  readonly room: Room;
  /** The key provider (exposed so the call can rotate keys). */
  readonly keys = new MediaKeyProvider();
  private grant: { value: LiveKitGrant; at: number } | undefined;
  private streams = new Map<string, MediaStream>();
  private connected = false;

  /**
   * @param credentials - where tokens come from.
   * @param worker - LiveKit's E2EE worker.
   * @param handlers - where events go.
   */
  constructor(
    private readonly credentials: CallCredentials,
    worker: Worker,
    private readonly handlers: SfuSessionHandlers,
  ) {
    this.room = new Room({
      adaptiveStream: false,
      dynacast: false,
      encryption: { keyProvider: this.keys, worker },
    });
    this.room
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack, _pub, participant: RemoteParticipant) => {
        const stream = this.streamOf(participant.identity);
        stream.addTrack(track.mediaStreamTrack);
        this.handlers.track(participant.identity, track.mediaStreamTrack, stream);
      })
      .on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
        this.streams.delete(p.identity);
        this.handlers.participantLeft(p.identity);
      })
      .on(RoomEvent.EncryptionError, (error: Error, participant?: Participant) => {
        this.handlers.decryptionError(participant?.identity, CallError.decryption(error));
      })
      .on(RoomEvent.Reconnecting, () => this.handlers.reconnecting(true))
      .on(RoomEvent.Reconnected, () => this.handlers.reconnecting(false))
      .on(RoomEvent.Disconnected, (reason) => {
        if (this.connected) this.handlers.disconnected(`sfu disconnected (${String(reason)})`);
      });
  }

  /** This participant's SFU identity, once a token was fetched. */
  get identity(): string | undefined {
    return this.grant?.value.identity;
  }

  /**
   * Fetches the token and prepares the connection (DNS, TLS, region) without joining.
   * @throws CallError `CALL_CREDENTIALS_FAILED` when the relay refuses a token.
   */
  async prewarm(): Promise<void> {
    const grant = await this.token();
    await this.room.prepareConnection(grant.url, grant.token).catch(() => {});
  }

  /**
   * Joins the room with E2EE on. Resolves once connected (remote media can flow); `published` settles when
   * the local tracks are published too.
   * @throws CallError `CALL_SFU_FAILED` when joining fails.
   */
  async join(tracks: MediaStreamTrack[]): Promise<{ published: Promise<void> }> {
    const grant = await this.token();
    try {
      await this.room.setE2EEEnabled(true);
      await this.room.connect(grant.url, grant.token, { autoSubscribe: true });
      this.connected = true;
    } catch (err) {
      throw CallError.sfu(err);
    }
    const published = Promise.all(
      tracks.map((t) => this.room.localParticipant.publishTrack(t, { simulcast: false })),
    ).then(
      () => {},
      (err: unknown) => {
        throw CallError.sfu(err);
      },
    );
    return { published };
  }

  /** Replaces the published track of a kind (device switch, screen share). */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void> {
    for (const pub of this.room.localParticipant.trackPublications.values()) {
      if (pub.track && pub.track.kind === (kind as Track.Kind)) {
        await pub.track.replaceTrack(track, { userProvidedTrack: true });
        return;
      }
    }
    await this.room.localParticipant.publishTrack(track);
  }

  /** Stats reports of every published and subscribed track. */
  async statsReports(): Promise<RTCStatsReport[]> {
    const out: RTCStatsReport[] = [];
    const tracks: Track[] = [];
    for (const pub of this.room.localParticipant.trackPublications.values())
      if (pub.track) tracks.push(pub.track);
    for (const p of this.room.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) if (pub.track) tracks.push(pub.track);
    }
    for (const t of tracks) {
      const r = await t.getRTCStatsReport().catch(() => undefined);
      if (r) out.push(r);
    }
    return out;
  }

  /** Leaves the room. */
  async close(): Promise<void> {
    this.connected = false;
    await this.room.disconnect(true).catch(() => {});
  }

  private streamOf(identity: string): MediaStream {
    let s = this.streams.get(identity);
    if (!s) {
      s = new MediaStream();
      this.streams.set(identity, s);
    }
    return s;
  }

  private async token(): Promise<LiveKitGrant> {
    if (this.grant && Date.now() - this.grant.at < LIVEKIT_TOKEN_REFRESH_MS) return this.grant.value;
    try {
      const value = await this.credentials.liveKitToken();
      this.grant = { value, at: Date.now() };
      return value;
    } catch (err) {
      throw CallError.credentials('livekit', err);
    }
  }
}
