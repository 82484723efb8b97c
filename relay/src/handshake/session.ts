import { randomBytes } from 'node:crypto';
import { AuthError, type ChallengeVerifier } from '@cryptalk/sdk/auth';
import {
  encodeFrame,
  fromBase64url,
  PROTOCOL_VERSION,
  type Proof,
  type ServerFrame,
  toBase64url,
} from '@cryptalk/sdk/protocol';
import { CLOSE } from '../errors.js';
import type { Conn } from '../transport/index.js';

/**
 * A connection's authentication state. Transitions: `awaiting-proof` → `authenticated` on the first valid
 * proof; either → `closed`. Nothing in it outlives the connection: the session has no permanent identifier.
 */
export type SessionState =
  | { kind: 'awaiting-proof'; since: number }
  | { kind: 'authenticated'; since: number }
  | { kind: 'closed' };

/** What a {@link Session} needs from the relay. */
export interface SessionDeps {
  verifier: ChallengeVerifier;
  /** The origin proofs are bound to (the relay's public URL's origin). */
  origin: string;
  requireAuth: boolean;
  handshakeTimeoutMs: number;
  maxAuthFailures: number;
  now(): number;
  /** Called when the first proof is accepted, with the time it took. */
  onAuthenticated(ms: number): void;
  /** Called when the relay closes the session, with a fixed reason label. */
  onForcedClose(reason: string): void;
}

/** An error to report to the client: a stable code and a safe message. */
export interface CodedError {
  code: string;
  message: string;
}

/**
 * The protocol-level view of one connection: frames out, the challenge/proof handshake, and the handshake
 * timeout. Features see this, never the socket.
 */
export class Session {
  /** Random per-connection id bound into challenges; never stored, never logged. */
  readonly connId = randomBytes(16).toString('base64url');
  state: SessionState;
  private authFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Per-feature state, keyed by feature name. */
  readonly data = new Map<string, unknown>();

  /**
   * Sends the first challenge and starts the handshake timer.
   * @param conn - the transport's connection.
   * @param deps - verifier and settings.
   */
  constructor(
    private readonly conn: Conn,
    private readonly deps: SessionDeps,
  ) {
    const now = deps.now();
    this.state = deps.requireAuth
      ? { kind: 'awaiting-proof', since: now }
      : { kind: 'authenticated', since: now };
    if (deps.requireAuth) {
      this.timer = setTimeout(() => {
        if (this.state.kind === 'awaiting-proof') this.close(CLOSE.HANDSHAKE_TIMEOUT, 'handshake timeout');
      }, deps.handshakeTimeoutMs);
      this.timer.unref();
    }
    this.issueChallenge(undefined);
  }

  /** The client's IP, for limits only. */
  get ip(): string {
    return this.conn.ip;
  }

  /** Whether the connection is open. */
  get open(): boolean {
    return this.conn.open && this.state.kind !== 'closed';
  }

  /** Whether a proof was accepted (or the relay does not require one). */
  get authenticated(): boolean {
    return this.state.kind === 'authenticated';
  }

  /** Sends a frame. */
  send(frame: ServerFrame): void {
    this.conn.send(encodeFrame(frame));
  }

  /** Sends pre-encoded frame text (fan-out encodes once for every receiver). */
  sendText(text: string | Buffer): void {
    this.conn.send(text);
  }

  /** Sends a frame that may be dropped when the client is backed up; returns whether it was sent. */
  sendDroppable(frame: ServerFrame): boolean {
    return this.conn.sendDroppable(encodeFrame(frame));
  }

  /** Sends an error frame. */
  sendError(err: CodedError, rid: string | undefined): void {
    const frame: ServerFrame = { v: PROTOCOL_VERSION, t: 'error', code: err.code, message: err.message };
    if (rid !== undefined) frame.rid = rid;
    this.send(frame);
  }

  /**
   * Issues a fresh challenge and sends it.
   * @throws AuthError `AUTH_TOO_MANY_CHALLENGES` past the per-connection limit.
   */
  issueChallenge(rid: string | undefined): void {
    const ch = this.deps.verifier.issue(this.connId);
    const frame: ServerFrame = {
      v: PROTOCOL_VERSION,
      t: 'challenge',
      connId: ch.connId,
      nonce: toBase64url(ch.nonce),
      issuedAt: ch.issuedAt,
    };
    if (rid !== undefined) frame.rid = rid;
    this.send(frame);
  }

  /**
   * Verifies a proof over one of this connection's challenges (consuming it) with the crypto core's verifier.
   * @returns the proven key, base64url.
   * @throws AuthError on any failure; too many failures close the connection.
   */
  verify(proof: Proof): string {
    try {
      const nonce = fromBase64url(proof.nonce, 'nonce');
      const key = fromBase64url(proof.key, 'key');
      const sig = fromBase64url(proof.sig, 'sig');
      this.deps.verifier.verify(nonce, key, sig, this.deps.origin, this.connId);
    } catch (err) {
      if (++this.authFailures >= this.deps.maxAuthFailures) {
        // After the error frame for this attempt has gone out.
        setImmediate(() => this.close(CLOSE.AUTH_FAILED, 'too many failed proofs'));
      }
      if (err instanceof AuthError) throw err;
      throw AuthError.malformedProof('proof');
    }
    if (this.state.kind === 'awaiting-proof') {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.deps.onAuthenticated(this.deps.now() - this.state.since);
      this.state = { kind: 'authenticated', since: this.deps.now() };
    }
    return proof.key;
  }

  /** Closes the connection (and ends the session). */
  close(code: number, reason: string): void {
    if (this.state.kind === 'closed') return;
    this.end();
    this.deps.onForcedClose(reason);
    this.conn.close(code, reason);
  }

  /** Ends the session after the connection closed. */
  end(): void {
    if (this.timer) clearTimeout(this.timer);
    this.state = { kind: 'closed' };
    this.deps.verifier.revokeConnection(this.connId);
  }
}

export { AuthError };
