import { BoundedMap } from './bounded-map.js';
import { TokenBucket } from './token-bucket.js';

/** Call credential requests per minute per IP when not configured: a call needs about four. */
export const DEFAULT_CALLS_PER_MINUTE = 30;

interface IpState {
  connections: number;
  frames: TokenBucket;
  lookups: TokenBucket;
  uploads: TokenBucket;
  calls: TokenBucket;
}

/** Per-IP limits. IPs are held in memory only, bounded, and never logged or exported. */
export interface IpLimitOptions {
  maxConnectionsPerIp: number;
  ipFramesPerSec: number;
  ipFramesBurst: number;
  lookupsPerMinute: number;
  uploadsPerMinute: number;
  /** Call credential requests (`/calls/*`) per minute. @default 30 */
  callsPerMinute?: number;
  maxTrackedIps: number;
}

/** Connection caps and token buckets per client IP address. */
export class IpLimits {
  private readonly ips: BoundedMap<string, IpState>;

  /** @param opts - the limits. */
  constructor(private readonly opts: IpLimitOptions) {
    this.ips = new BoundedMap(opts.maxTrackedIps, (s) => s.connections === 0);
  }

  private state(ip: string, now: number): IpState | undefined {
    let s = this.ips.get(ip);
    if (!s) {
      s = {
        connections: 0,
        frames: new TokenBucket(this.opts.ipFramesPerSec, this.opts.ipFramesBurst, now),
        lookups: new TokenBucket(this.opts.lookupsPerMinute / 60, this.opts.lookupsPerMinute, now),
        uploads: new TokenBucket(this.opts.uploadsPerMinute / 60, this.opts.uploadsPerMinute, now),
        calls: new TokenBucket(this.callsPerMinute / 60, this.callsPerMinute, now),
      };
      if (!this.ips.set(ip, s)) return undefined;
    }
    return s;
  }

  /** Counts a new connection; false when the IP is at its cap (or the table is full). */
  connect(ip: string, now: number): boolean {
    const s = this.state(ip, now);
    if (!s || s.connections >= this.opts.maxConnectionsPerIp) return false;
    s.connections++;
    return true;
  }

  /** Counts a closed connection. */
  disconnect(ip: string): void {
    const s = this.ips.get(ip);
    if (s) s.connections = Math.max(0, s.connections - 1);
  }

  /** Takes frame tokens for the IP. */
  frame(ip: string, cost: number, now: number): boolean {
    return this.state(ip, now)?.frames.take(cost, now) ?? false;
  }

  /** Takes one directory lookup token. */
  lookup(ip: string, now: number): boolean {
    return this.state(ip, now)?.lookups.take(1, now) ?? false;
  }

  /** Takes one blob upload token. */
  upload(ip: string, now: number): boolean {
    return this.state(ip, now)?.uploads.take(1, now) ?? false;
  }

  private get callsPerMinute(): number {
    return this.opts.callsPerMinute ?? DEFAULT_CALLS_PER_MINUTE;
  }

  /** Takes one call-credential request token (`/calls/challenge`, `/calls/token`, `/calls/turn`). */
  call(ip: string, now: number): boolean {
    return this.state(ip, now)?.calls.take(1, now) ?? false;
  }

  /** IPs tracked (for tests). */
  get size(): number {
    return this.ips.size;
  }
}
