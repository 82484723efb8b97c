import type { ClientFrame, ClientFrameType } from '@cryptalk/sdk/protocol';
import type { Session } from '../handshake/index.js';
import type { IpLimits } from '../limits/index.js';
import type { RelayMetrics } from '../metrics.js';
import type { ResolvedRelayOptions } from '../options.js';
import type { RelayStore } from '../store/store.js';

/** What every feature is given: the store, the settings, the metrics and the clock. Never a socket. */
export interface FeatureDeps {
  store: RelayStore;
  options: ResolvedRelayOptions;
  metrics: RelayMetrics;
  ipLimits: IpLimits;
  now(): number;
}

/** An HTTP request as a feature sees it: already past the Origin allowlist, its JSON body parsed. */
export interface FeatureHttpRequest {
  /** The client's IP address: for limits only, never logged. */
  readonly ip: string;
  /** The parsed JSON body (`undefined` for a request without one). */
  readonly body: unknown;
}

/** A feature's JSON answer; errors are thrown as coded errors and mapped to a status by the HTTP layer. */
export interface FeatureHttpReply {
  /** HTTP status. @default 200 */
  status?: number;
  /** Serialized as JSON. */
  body: unknown;
}

/** One HTTP endpoint a feature serves. The relay applies CORS, body limits and error mapping around it. */
export interface FeatureRoute {
  readonly method: 'GET' | 'POST';
  /** Exact path, e.g. `/calls/token`. */
  readonly path: string;
  /** Answers one request. Throwing a coded error answers `{ error: { code, message } }` with its status. */
  handle(req: FeatureHttpRequest): Promise<FeatureHttpReply>;
}

/**
 * A relay feature: registers for frame types and sees decoded frames with their {@link Session}, and may serve
 * JSON HTTP endpoints ({@link FeatureRoute}).
 */
export interface Feature {
  /** A short name (for per-session state). */
  readonly name: string;
  /** The client frame types it handles. */
  readonly frames: readonly ClientFrameType[];
  /** Handles one frame. Throwing a coded error sends it back as an error frame. */
  handle(session: Session, frame: ClientFrame): Promise<void> | void;
  /** The session ended. */
  closed?(session: Session): void;
  /** HTTP endpoints, if any. */
  readonly routes?: readonly FeatureRoute[];
}
