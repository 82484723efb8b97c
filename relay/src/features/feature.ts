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

/**
 * A relay feature: registers for frame types and sees decoded frames with their {@link Session}.
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
}
