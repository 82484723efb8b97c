import { MAX_FRAME_BYTES } from '@cryptalk/sdk/protocol';
import type { Logger } from './log.js';

/** Options of {@link createRelay}. Every field has a safe default for one machine. */
export interface RelayOptions {
  /** Address to bind. @default '127.0.0.1' */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 8787 */
  port?: number;
  /** Largest accepted WebSocket frame in bytes. @default 262144 */
  maxFrameBytes?: number;
  /** Logger; a silent one when omitted. */
  logger?: Logger;
}

/** {@link RelayOptions} with every default filled in. */
export type ResolvedRelayOptions = Required<Omit<RelayOptions, 'logger'>> & { logger?: Logger };

/**
 * Fills in defaults and validates options.
 * @throws RangeError naming the option when a value is out of range.
 */
export function resolveRelayOptions(options: RelayOptions = {}): ResolvedRelayOptions {
  const resolved = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8787,
    maxFrameBytes: options.maxFrameBytes ?? MAX_FRAME_BYTES,
    ...(options.logger ? { logger: options.logger } : {}),
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new RangeError('option "port" must be an integer from 0 to 65535');
  }
  if (
    !Number.isInteger(resolved.maxFrameBytes) ||
    resolved.maxFrameBytes < 1024 ||
    resolved.maxFrameBytes > MAX_FRAME_BYTES
  ) {
    throw new RangeError(`option "maxFrameBytes" must be an integer from 1024 to ${MAX_FRAME_BYTES}`);
  }
  return resolved;
}
