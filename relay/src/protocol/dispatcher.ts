import {
  type ClientFrame,
  type ClientFrameType,
  decodeClientFrame,
  PROTOCOL_VERSION,
  ProtocolError,
} from '@cryptalk/sdk/protocol';
import { CLOSE, RelayError } from '../errors.js';
import type { Feature, FeatureDeps } from '../features/index.js';
import { AuthError, Session, type SessionDeps } from '../handshake/index.js';
import { TokenBucket } from '../limits/index.js';
import type { Logger } from '../log.js';
import { StoreError } from '../store/store-error.js';
import type { Conn, ConnHandlers } from '../transport/index.js';

/** Token cost of a frame: joins and directory calls cost more than a publish. */
const COST: Partial<Record<ClientFrameType, number>> = {
  join: 5,
  'keys.put': 5,
  'keys.get': 5,
  challenge: 2,
};
/** Frames a connection may send before its first valid proof. */
const BEFORE_AUTH = new Set<ClientFrameType>(['challenge', 'auth', 'join', 'keys.put']);

/**
 * The protocol layer: turns a connection's text into decoded frames, applies the rate limits and the
 * handshake gate, routes each frame to the feature registered for its type, and turns whatever goes wrong into
 * a typed error frame. Unexpected failures never take the process down.
 */
export class Dispatcher {
  private readonly routes = new Map<ClientFrameType, Feature>();
  private readonly sessions = new Set<Session>();
  private readonly inflight = new Set<Promise<void>>();
  private draining = false;
  /** Counter children per frame type, bound once (label lookup is not free on a hot path). */
  private readonly frameCounters = new Map<string, { inc(): void }>();

  /**
   * @param features - every feature; each registers the frame types it handles.
   * @param deps - settings, store, metrics, limits.
   * @param sessionDeps - what sessions need (verifier, origin), created once the relay listens.
   */
  constructor(
    private readonly features: Feature[],
    private readonly deps: FeatureDeps,
    private readonly sessionDeps: () => SessionDeps,
    private readonly logger: Logger | undefined,
  ) {
    for (const f of features) for (const t of f.frames) this.routes.set(t, f);
  }

  /** Starts a session on a new connection. */
  open(conn: Conn): ConnHandlers {
    const { options, metrics, ipLimits, now } = this.deps;
    const session = new Session(conn, this.sessionDeps());
    this.sessions.add(session);
    metrics.connections.inc();
    metrics.connectionsTotal.inc();
    const bucket = new TokenBucket(options.connFramesPerSec, options.connFramesBurst, now());
    let violations = 0;
    let count = 0;
    this.logger?.debug({ open: this.sessions.size }, 'connection opened');
    const refuse = (err: { code: string; message: string }, scope: string): void => {
      metrics.rateLimited.inc({ scope });
      if (++violations > options.maxViolations) session.close(CLOSE.POLICY, 'rate limit');
      else this.sendError(session, err, undefined);
    };
    return {
      onText: (text) => {
        if (!session.open) return;
        let frame: ClientFrame;
        try {
          frame = decodeClientFrame(text, options.maxFrameBytes);
        } catch (err) {
          if (!bucket.take(1, now())) return refuse(RelayError.rateLimited('connection'), 'connection');
          this.fail(session, err, undefined);
          return;
        }
        const cost = COST[frame.t] ?? 1;
        if (!bucket.take(cost, now())) return refuse(RelayError.rateLimited('connection'), 'connection');
        if (!ipLimits.frame(session.ip, cost, now()))
          return refuse(RelayError.rateLimited('address'), 'address');
        violations = 0;
        count++;
        let counter = this.frameCounters.get(frame.t);
        if (!counter) {
          counter = metrics.frames.labels(frame.t);
          this.frameCounters.set(frame.t, counter);
        }
        counter.inc();
        this.dispatch(session, frame);
      },
      onBinary: () => {
        if (!bucket.take(1, now())) return refuse(RelayError.rateLimited('connection'), 'connection');
        this.fail(session, ProtocolError.notText(), undefined);
      },
      onClose: () => {
        this.logger?.debug({ frames: count, authenticated: session.authenticated }, 'connection closed');
        session.end();
        this.sessions.delete(session);
        metrics.connections.dec();
        ipLimits.disconnect(session.ip);
        for (const f of this.features) f.closed?.(session);
      },
    };
  }

  private dispatch(session: Session, frame: ClientFrame): void {
    if (this.draining) {
      this.sendError(session, RelayError.shuttingDown(), frame.rid);
      return;
    }
    try {
      if (frame.t === 'challenge') {
        session.issueChallenge(frame.rid);
        return;
      }
      if (frame.t === 'auth') {
        session.verify(frame.proof);
        session.send(
          frame.rid === undefined
            ? { v: PROTOCOL_VERSION, t: 'authed' }
            : { v: PROTOCOL_VERSION, t: 'authed', rid: frame.rid },
        );
        return;
      }
      if (!session.authenticated && !BEFORE_AUTH.has(frame.t)) throw RelayError.notAuthenticated();
      const feature = this.routes.get(frame.t);
      if (!feature) throw ProtocolError.unknownType();
      const out = feature.handle(session, frame);
      if (out) {
        const p = out.catch((err) => this.fail(session, err, frame.rid));
        this.inflight.add(p);
        void p.finally(() => this.inflight.delete(p));
      }
    } catch (err) {
      this.fail(session, err, frame.rid);
    }
  }

  private sendError(session: Session, err: { code: string; message: string }, rid: string | undefined): void {
    this.deps.metrics.errors.inc({ code: err.code });
    this.logger?.debug({ code: err.code }, 'error frame');
    session.sendError(err, rid);
  }

  private fail(session: Session, err: unknown, rid: string | undefined): void {
    if (err instanceof ProtocolError || err instanceof RelayError || err instanceof AuthError) {
      this.sendError(session, err, rid);
      return;
    }
    if (err instanceof StoreError) {
      this.logger?.warn({ code: err.code }, 'store failure');
      this.sendError(session, RelayError.unavailable(), rid);
      return;
    }
    this.logger?.error({ err: err instanceof Error ? err.name : typeof err }, 'unexpected failure');
    this.sendError(session, RelayError.unavailable(), rid);
  }

  /** Refuses new frames, waits (up to `timeoutMs`) for those in flight, then closes every session. */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = new Promise((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.inflight]), deadline]);
    for (const s of this.sessions) s.close(CLOSE.GOING_AWAY, 'relay shutting down');
  }

  /** Open sessions. */
  get size(): number {
    return this.sessions.size;
  }
}
