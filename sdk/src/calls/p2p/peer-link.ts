import { CallError } from '../errors.js';
import type { CandidateInit } from '../signal.js';
import { normaliseFingerprint, sdpFingerprints } from './sdp-fingerprints.js';

/** What a {@link PeerLink} sends through the signal channel. */
export type PeerLinkSignal =
  | { k: 'description'; sdp: { type: 'offer' | 'answer'; sdp: string } }
  | { k: 'candidate'; candidate: CandidateInit | null };

/** Callbacks of a {@link PeerLink}. */
export interface PeerLinkHandlers {
  /** Sends a signal to the peer (end-to-end encrypted by the channel). */
  signal(signal: PeerLinkSignal): void;
  /** ICE connection state changed. */
  iceState(state: RTCIceConnectionState): void;
  /** A remote track arrived. */
  track(track: MediaStreamTrack, stream: MediaStream): void;
  /** Negotiation failed or the peer's certificate did not match its signalled fingerprint. */
  error(error: CallError): void;
}

/**
 * One RTCPeerConnection to one peer, negotiated with the perfect-negotiation pattern (W3C WebRTC 1.0 §10.7,
 * "Perfect negotiation example"): both sides may offer at any time; on a collision the polite peer rolls
 * back and answers, the impolite one ignores the other's offer. Signals are applied strictly in order.
 *
 * Only SDP that arrived through the end-to-end-encrypted signal channel is applied, so the DTLS
 * fingerprints are those the peer sent encrypted; {@link verifyFingerprint} checks after connecting that
 * the certificate actually presented is one of them.
 */
export class PeerLink {
  /** The connection (exposed for stats and tests). */
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly remoteFingerprints = new Set<string>();
  private closed = false;
  private deferred: { tracks: MediaStreamTrack[]; stream: MediaStream } | undefined;

  /**
   * @param polite - whether this side yields on an offer collision.
   * @param config - ICE servers and transport policy.
   * @param handlers - where signals, state and tracks go.
   */
  constructor(
    readonly polite: boolean,
    config: RTCConfiguration,
    private readonly handlers: PeerLinkHandlers,
  ) {
    this.pc = new RTCPeerConnection(config);
    this.pc.onnegotiationneeded = () => {
      void this.offer();
    };
    this.pc.onicecandidate = ({ candidate }) => {
      const c = candidate?.toJSON();
      this.handlers.signal({
        k: 'candidate',
        candidate: c?.candidate
          ? {
              candidate: c.candidate,
              sdpMid: c.sdpMid ?? null,
              sdpMLineIndex: c.sdpMLineIndex ?? null,
              usernameFragment: c.usernameFragment ?? null,
            }
          : null,
      });
    };
    this.pc.oniceconnectionstatechange = () => this.handlers.iceState(this.pc.iceConnectionState);
    this.pc.ontrack = ({ track, streams }) =>
      this.handlers.track(track, streams[0] ?? new MediaStream([track]));
  }

  /**
   * Adds local tracks. The impolite side adds them at once (its negotiation makes the first offer); the
   * polite side adds them when that offer arrives, before answering, so the first exchange never collides
   * and the answer already carries its media. Later changes on either side may collide and are resolved by
   * the pattern.
   */
  addTracks(tracks: MediaStreamTrack[], stream: MediaStream): void {
    if (this.polite) this.deferred = { tracks, stream };
    else for (const t of tracks) this.pc.addTrack(t, stream);
  }

  /** Replaces the outgoing track of a kind (device switch, screen share) without renegotiating. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.pc
      .getSenders()
      .find((s) => s.track?.kind === kind || (!s.track && track?.kind === kind));
    if (sender) await sender.replaceTrack(track);
    else if (track) this.pc.addTrack(track);
  }

  /** Restarts ICE (new credentials, new candidates), through renegotiation. */
  restartIce(): void {
    this.addDeferredTracks();
    this.pc.restartIce();
  }

  /** Applies a description signal from the peer, in order. */
  handleDescription(sdp: { type: 'offer' | 'answer'; sdp: string }): Promise<void> {
    return this.enqueue(async () => {
      const readyForOffer =
        !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswerPending);
      const collision = sdp.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      for (const f of sdpFingerprints(sdp.sdp)) this.remoteFingerprints.add(f);
      this.settingRemoteAnswerPending = sdp.type === 'answer';
      await this.pc.setRemoteDescription(sdp);
      this.settingRemoteAnswerPending = false;
      if (sdp.type === 'offer') {
        this.addDeferredTracks();
        await this.pc.setLocalDescription();
        this.sendLocalDescription();
      }
    });
  }

  /** Applies a candidate signal from the peer, in order. */
  handleCandidate(candidate: CandidateInit | null): Promise<void> {
    return this.enqueue(async () => {
      try {
        await this.pc.addIceCandidate(candidate ?? undefined);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
    });
  }

  /**
   * Checks that the DTLS certificate the peer presented is one whose fingerprint arrived in its encrypted
   * SDP. Call once ICE has connected.
   * @returns true when it matches (or the browser does not expose certificate stats yet), false otherwise.
   */
  async verifyFingerprint(): Promise<boolean> {
    const stats = await this.pc.getStats();
    let remoteCertId: string | undefined;
    const certs = new Map<string, { fingerprint: string; fingerprintAlgorithm: string }>();
    stats.forEach((s: Record<string, unknown>) => {
      if (s.type === 'transport' && typeof s.remoteCertificateId === 'string')
        remoteCertId = s.remoteCertificateId;
      if (s.type === 'certificate') {
        certs.set(String(s.id), {
          fingerprint: String(s.fingerprint),
          fingerprintAlgorithm: String(s.fingerprintAlgorithm),
        });
      }
    });
    const cert = remoteCertId ? certs.get(remoteCertId) : undefined;
    if (!cert) return true;
    return this.remoteFingerprints.has(normaliseFingerprint(cert.fingerprintAlgorithm, cert.fingerprint));
  }

  /** Adds tracks the polite side held back (also when it has to offer first, e.g. for an ICE restart). */
  private addDeferredTracks(): void {
    const d = this.deferred;
    this.deferred = undefined;
    if (d) for (const t of d.tracks) this.pc.addTrack(t, d.stream);
  }

  /** Closes the connection. */
  close(): void {
    this.closed = true;
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (err) {
      if (!this.closed) this.handlers.error(CallError.negotiation(err));
    } finally {
      this.makingOffer = false;
    }
  }

  private sendLocalDescription(): void {
    const d = this.pc.localDescription;
    if (d && (d.type === 'offer' || d.type === 'answer')) {
      this.handlers.signal({ k: 'description', sdp: { type: d.type, sdp: d.sdp } });
    }
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await task();
      } catch (err) {
        if (!this.closed) this.handlers.error(CallError.negotiation(err));
      }
    });
    this.queue = run;
    return run;
  }
}
