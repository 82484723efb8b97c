import { MAX_FRAME_BYTES, MAX_ROOM_TTL_SECONDS } from '@cryptalk/sdk/protocol';
import { RelayError } from './errors.js';
import type { EmbedOptions } from './features/embed/index.js';
import type { Logger } from './log.js';
import type { RelayStore } from './store/store.js';

/** Storage engines. */
export type StoreKind = 'memory' | 'embedded' | 'redis';

/** Options of {@link createRelay}. Every field has a safe default for one machine. */
export interface RelayOptions {
  /** Address to bind. @default '127.0.0.1' */
  host?: string;
  /** Port to bind; 0 picks a free one. @default 8787 */
  port?: number;
  /**
   * The origin clients connect to (`wss://relay.example.com`); proofs are bound to it. Every node behind one
   * load balancer must share it. @default `ws://<host>:<bound port>`
   */
  publicUrl?: string;
  /** Storage engine. @default 'embedded' when `dataDir` is set, else 'memory' */
  store?: StoreKind;
  /** Directory of the embedded store and of blobs. @default none (memory store, blobs in a temp dir) */
  dataDir?: string;
  /**
   * How far the embedded store syncs a COMMIT before acking what it holds: `full` fsyncs every COMMIT (an acked
   * message survives a process crash, an OS crash and a power loss); `normal` (SQLite `synchronous=NORMAL` in
   * WAL mode) skips that fsync: an acked message survives a crash or SIGKILL of the relay, but not an OS crash
   * or power loss, and a COMMIT no longer blocks the event loop for a disk flush. @default 'full'
   */
  storeSync?: 'full' | 'normal';
  /** Redis URL for the `redis` engine. @default 'redis://127.0.0.1:6379' */
  redisUrl?: string;
  /** A ready store instance (overrides `store`); the relay closes it on shutdown. */
  storeInstance?: RelayStore;
  /** Origins (`https://shop.example`) allowed to open WebSockets; `*` allows any. @default ['*'] */
  allowedOrigins?: string[];
  /** Whether a connection without an Origin header (non-browser clients) is accepted. @default true */
  allowMissingOrigin?: boolean;
  /** Whether joins and key uploads need a proof. @default true */
  requireAuth?: boolean;
  /** Time a new connection has to present its first valid proof, in ms. @default 10000 */
  handshakeTimeoutMs?: number;
  /** How long a challenge may be answered, in ms. @default 60000 */
  challengeTtlMs?: number;
  /** Failed proofs before a connection is closed. @default 5 */
  maxAuthFailures?: number;
  /** Largest accepted WebSocket frame in bytes. @default 262144 */
  maxFrameBytes?: number;
  /** Open connections per client IP. @default 64 */
  maxConnectionsPerIp?: number;
  /** Connections in total. @default 50000 */
  maxConnections?: number;
  /** Frames per second per connection (sustained). @default 100 */
  connFramesPerSec?: number;
  /** Burst of frames per connection. @default 200 */
  connFramesBurst?: number;
  /** Frames per second per IP across its connections. @default 1000 */
  ipFramesPerSec?: number;
  /** Burst of frames per IP. @default 2000 */
  ipFramesBurst?: number;
  /** Directory lookups per minute per IP. @default 60 */
  lookupsPerMinute?: number;
  /** Rate-limit violations a connection may commit in a row before it is closed. @default 50 */
  maxViolations?: number;
  /** Rooms one connection may join. @default 64 */
  maxRoomsPerConnection?: number;
  /** Bytes queued for one connection beyond which it is cut off as a slow consumer. @default 8 MiB */
  slowConsumerBytes?: number;
  /** Idle lifetime of a room created without `ttl`, in seconds. @default 86400 */
  roomTtlSeconds?: number;
  /** Signals older than this are dropped, in ms. @default 5000 */
  signalStaleMs?: number;
  /** Messages kept per room. @default 10000 */
  historyMax?: number;
  /** How long messages are kept, in seconds. @default 604800 */
  historyTtlSeconds?: number;
  /** Dedupe window for msgIds, in seconds. @default 600 */
  dedupeWindowSeconds?: number;
  /** Hard expiry of mailbox items, in seconds. @default 604800 */
  mailboxTtlSeconds?: number;
  /** Largest blob in bytes. @default 26214400 (25 MiB) */
  maxBlobBytes?: number;
  /** Total bytes of blobs kept. @default 1073741824 (1 GiB) */
  blobQuotaBytes?: number;
  /** Blob lifetime in seconds. @default 604800 */
  blobTtlSeconds?: number;
  /** Blob uploads per minute per IP. @default 30 */
  uploadsPerMinute?: number;
  /** Time to drain connections on shutdown, in ms. @default 5000 */
  drainTimeoutMs?: number;
  /** Take the client IP from X-Forwarded-For (only behind a trusted proxy). @default false */
  trustProxy?: boolean;
  /** Interval of the expiry sweep, in ms. @default 30000 */
  sweepIntervalMs?: number;
  /** Call credential requests (`/calls/challenge`, `/calls/token`, `/calls/turn`) per minute per IP. @default 30 */
  callsPerMinute?: number;
  /** LiveKit server URL handed to clients with their tokens (`wss://sfu.example.com`). @default none (no SFU) */
  livekitUrl?: string;
  /** LiveKit API key. Required with {@link RelayOptions.livekitUrl}. */
  livekitApiKey?: string;
  /** LiveKit API secret (≥ 16 bytes). Required with {@link RelayOptions.livekitUrl}. Never logged. */
  livekitApiSecret?: string;
  /**
   * The relay's key (≥ 16 bytes, the same on every node) for hashing room ids and identities before LiveKit or
   * coturn see them. Required when LiveKit or TURN is configured. Never logged; never given to LiveKit.
   */
  callsHashKey?: string;
  /** coturn's `static-auth-secret` (≥ 16 bytes) for TURN REST credentials. Never logged. @default none (no TURN) */
  turnSecret?: string;
  /** TURN/STUN URLs handed to clients (`turn:turn.example.com:3478?transport=udp`, `turns:…`, `stun:…`). */
  turnUrls?: string[];
  /** Sites that may frame the chat at `/embed`, and the built widget's folder. @default none (no `/embed`) */
  embed?: EmbedOptions;
  /** Logger; a silent one when omitted. */
  logger?: Logger;
}

/** {@link RelayOptions} with every default filled in. */
export type ResolvedRelayOptions = Required<
  Omit<RelayOptions, 'logger' | 'publicUrl' | 'dataDir' | 'storeInstance' | 'embed' | CallsOptionName>
> &
  Pick<RelayOptions, CallsOptionName> & {
    logger?: Logger;
    publicUrl?: string;
    dataDir?: string;
    storeInstance?: RelayStore;
    embed?: EmbedOptions;
  };

/** The optional calls settings (LiveKit and TURN); absent ones turn the matching endpoint off. */
type CallsOptionName =
  | 'livekitUrl'
  | 'livekitApiKey'
  | 'livekitApiSecret'
  | 'callsHashKey'
  | 'turnSecret'
  | 'turnUrls';

/** Shortest accepted LiveKit API secret, TURN secret or calls hashing key, in bytes (128 bits). */
const MIN_CALLS_SECRET_BYTES = 16;

const DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  redisUrl: 'redis://127.0.0.1:6379',
  storeSync: 'full',
  allowedOrigins: ['*'],
  allowMissingOrigin: true,
  requireAuth: true,
  handshakeTimeoutMs: 10_000,
  challengeTtlMs: 60_000,
  maxAuthFailures: 5,
  maxFrameBytes: MAX_FRAME_BYTES,
  maxConnectionsPerIp: 64,
  maxConnections: 50_000,
  connFramesPerSec: 100,
  connFramesBurst: 200,
  ipFramesPerSec: 1000,
  ipFramesBurst: 2000,
  lookupsPerMinute: 60,
  maxViolations: 50,
  maxRoomsPerConnection: 64,
  slowConsumerBytes: 8 * 1024 * 1024,
  roomTtlSeconds: 86_400,
  signalStaleMs: 5000,
  historyMax: 10_000,
  historyTtlSeconds: 7 * 86_400,
  dedupeWindowSeconds: 600,
  mailboxTtlSeconds: 7 * 86_400,
  maxBlobBytes: 25 * 1024 * 1024,
  blobQuotaBytes: 1024 * 1024 * 1024,
  blobTtlSeconds: 7 * 86_400,
  uploadsPerMinute: 30,
  drainTimeoutMs: 5000,
  trustProxy: false,
  sweepIntervalMs: 30_000,
  callsPerMinute: 30,
} as const;

/** Integer options with their allowed ranges. */
const RANGES: Record<string, [number, number]> = {
  port: [0, 65535],
  handshakeTimeoutMs: [100, 600_000],
  challengeTtlMs: [1000, 3_600_000],
  maxAuthFailures: [1, 1000],
  maxFrameBytes: [1024, MAX_FRAME_BYTES],
  maxConnectionsPerIp: [1, 1_000_000],
  maxConnections: [1, 10_000_000],
  connFramesPerSec: [1, 1_000_000],
  connFramesBurst: [1, 1_000_000],
  ipFramesPerSec: [1, 10_000_000],
  ipFramesBurst: [1, 10_000_000],
  lookupsPerMinute: [1, 1_000_000],
  maxViolations: [1, 1_000_000],
  maxRoomsPerConnection: [1, 10_000],
  slowConsumerBytes: [64 * 1024, 1024 * 1024 * 1024],
  roomTtlSeconds: [1, MAX_ROOM_TTL_SECONDS],
  signalStaleMs: [10, 600_000],
  historyMax: [1, 10_000_000],
  historyTtlSeconds: [1, 365 * 86_400],
  dedupeWindowSeconds: [1, 86_400],
  mailboxTtlSeconds: [1, 365 * 86_400],
  maxBlobBytes: [1, 1024 * 1024 * 1024],
  blobQuotaBytes: [1, 2 ** 50],
  blobTtlSeconds: [1, 365 * 86_400],
  uploadsPerMinute: [1, 1_000_000],
  drainTimeoutMs: [0, 600_000],
  sweepIntervalMs: [100, 3_600_000],
  callsPerMinute: [1, 1_000_000],
};

/** Names of every option a config file, the environment or a flag may set. */
export const OPTION_NAMES = [
  ...Object.keys(DEFAULTS),
  'publicUrl',
  'store',
  'dataDir',
  'livekitUrl',
  'livekitApiKey',
  'livekitApiSecret',
  'callsHashKey',
  'turnSecret',
  'turnUrls',
] as const;

/**
 * Fills in defaults and validates options.
 * @throws RelayError `RELAY_CONFIG_INVALID` naming the option when a value is out of range.
 */
export function resolveRelayOptions(options: RelayOptions = {}): ResolvedRelayOptions {
  const resolved = { ...DEFAULTS, ...stripUndefined(options) } as ResolvedRelayOptions;
  for (const [name, [min, max]] of Object.entries(RANGES)) {
    const v = (resolved as unknown as Record<string, unknown>)[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw RelayError.config(name, `must be an integer from ${min} to ${max}`);
    }
  }
  if (typeof resolved.host !== 'string' || resolved.host.length === 0) {
    throw RelayError.config('host', 'must be an address');
  }
  if (resolved.store === undefined) resolved.store = resolved.dataDir ? 'embedded' : 'memory';
  if (!['memory', 'embedded', 'redis'].includes(resolved.store)) {
    throw RelayError.config('store', 'must be memory, embedded or redis');
  }
  if (resolved.storeSync !== 'full' && resolved.storeSync !== 'normal') {
    throw RelayError.config('storeSync', 'must be full or normal');
  }
  if (resolved.store === 'embedded' && !resolved.dataDir && !resolved.storeInstance) {
    throw RelayError.config('dataDir', 'is required by the embedded store');
  }
  if (resolved.store === 'redis' && !/^rediss?:\/\//.test(resolved.redisUrl)) {
    throw RelayError.config('redisUrl', 'must be a redis:// or rediss:// URL');
  }
  if (resolved.publicUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(resolved.publicUrl);
    } catch {
      throw RelayError.config('publicUrl', 'must be a URL');
    }
    if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
      throw RelayError.config('publicUrl', 'must be a ws:// or wss:// URL');
    }
  }
  if (
    !Array.isArray(resolved.allowedOrigins) ||
    resolved.allowedOrigins.some((o) => typeof o !== 'string' || (o !== '*' && !/^https?:\/\/[^/]+$/.test(o)))
  ) {
    throw RelayError.config('allowedOrigins', 'must be "*" or origins like https://shop.example');
  }
  for (const b of ['allowMissingOrigin', 'requireAuth', 'trustProxy'] as const) {
    if (typeof resolved[b] !== 'boolean') throw RelayError.config(b, 'must be true or false');
  }
  validateCallsOptions(resolved);
  return resolved;
}

/**
 * Checks the LiveKit and TURN settings: all of a group or none, URLs of the right schemes, secrets long
 * enough. Messages name the option, never its value (secrets are never echoed).
 */
function validateCallsOptions(o: ResolvedRelayOptions): void {
  const secret = (name: 'livekitApiSecret' | 'callsHashKey' | 'turnSecret'): void => {
    const v = o[name];
    if (typeof v !== 'string' || Buffer.byteLength(v, 'utf8') < MIN_CALLS_SECRET_BYTES) {
      throw RelayError.config(name, `must be a secret of at least ${MIN_CALLS_SECRET_BYTES} bytes`);
    }
  };
  const livekit = [o.livekitUrl, o.livekitApiKey, o.livekitApiSecret];
  if (livekit.some((v) => v !== undefined)) {
    if (livekit.some((v) => v === undefined)) {
      throw RelayError.config(
        'livekitUrl',
        'needs livekitApiKey and livekitApiSecret as well (all three or none)',
      );
    }
    let u: URL | undefined;
    try {
      u = new URL(o.livekitUrl as string);
    } catch {
      u = undefined;
    }
    if (!u || !['ws:', 'wss:', 'http:', 'https:'].includes(u.protocol)) {
      throw RelayError.config('livekitUrl', 'must be a ws://, wss://, http:// or https:// URL');
    }
    if (typeof o.livekitApiKey !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(o.livekitApiKey)) {
      throw RelayError.config('livekitApiKey', 'must be 1 to 256 printable characters');
    }
    secret('livekitApiSecret');
  }
  if (o.turnSecret !== undefined || o.turnUrls !== undefined) {
    if (o.turnSecret === undefined) throw RelayError.config('turnSecret', 'is required with turnUrls');
    secret('turnSecret');
    if (
      !Array.isArray(o.turnUrls) ||
      o.turnUrls.length === 0 ||
      o.turnUrls.length > 16 ||
      o.turnUrls.some((x) => typeof x !== 'string' || !/^(turns?|stuns?):[^\s]{1,250}$/.test(x))
    ) {
      throw RelayError.config('turnUrls', 'must list 1 to 16 turn:, turns: or stun: URLs');
    }
  }
  if (o.livekitUrl !== undefined || o.turnSecret !== undefined) secret('callsHashKey');
  else if (o.callsHashKey !== undefined) secret('callsHashKey');
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
