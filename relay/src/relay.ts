import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChallengeVerifier } from '@cryptalk/sdk/auth';
import { PROTOCOL_VERSION } from '@cryptalk/sdk/protocol';
import { EmbedRoutes, resolveEmbedOptions } from './features/embed/index.js';
import type { FeatureDeps } from './features/index.js';
import {
  BlobStore,
  CallsFeature,
  DirectoryFeature,
  type Feature,
  handleBlobRequest,
  RoomsFeature,
} from './features/index.js';
import { OriginAllowlist, type SessionDeps } from './handshake/index.js';
import { IpLimits } from './limits/index.js';
import { RelayMetrics } from './metrics.js';
import { type RelayOptions, type ResolvedRelayOptions, resolveRelayOptions } from './options.js';
import { Dispatcher, HttpRouter } from './protocol/index.js';
import { EmbeddedStore } from './store/embedded/index.js';
import { MemoryStore } from './store/memory/index.js';
import { RedisStore } from './store/redis/index.js';
import type { RelayStore, StoreLimits } from './store/store.js';
import { WsTransport } from './transport/index.js';

/** A running relay. */
export interface Relay {
  /** The `ws://host:port` URL clients connect to. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The origin proofs are bound to. */
  readonly origin: string;
  /** The storage engine (tests inspect mailboxes through it). */
  readonly store: RelayStore;
  /** Prometheus text of the metrics. */
  metrics(): Promise<string>;
  /** Graceful shutdown: stop accepting, drain in-flight requests, close connections, flush the store, close. */
  close(): Promise<void>;
}

/** Builds the storage engine the options ask for. */
export function createStore(opts: ResolvedRelayOptions): RelayStore {
  if (opts.storeInstance) return opts.storeInstance;
  const limits: Partial<StoreLimits> = {
    historyMax: opts.historyMax,
    historyTtlMs: opts.historyTtlSeconds * 1000,
    dedupeWindowMs: opts.dedupeWindowSeconds * 1000,
    mailboxTtlMs: opts.mailboxTtlSeconds * 1000,
  };
  switch (opts.store) {
    case 'redis':
      return new RedisStore(opts.redisUrl, limits);
    case 'embedded':
      return new EmbeddedStore(opts.dataDir as string, limits, { sync: opts.storeSync });
    default:
      return new MemoryStore(limits);
  }
}

/**
 * Starts a relay: one port for HTTP and WebSocket; handshake with an Origin allowlist and one-use challenges;
 * rooms with offsets, dedupe, resume and mailboxes; ephemeral signals; a key directory; blobs; limits
 * everywhere; `/healthz`, `/readyz`, `/metrics`.
 * @param options - see {@link RelayOptions}.
 * @returns the running relay once it listens.
 * @throws RelayError `RELAY_CONFIG_INVALID` for a bad option.
 */
export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const opts = resolveRelayOptions(options);
  const embedOptions = resolveEmbedOptions(opts.embed, opts.livekitUrl);
  const logger = opts.logger;
  const store = createStore(opts);
  const now = () => Date.now();
  const metrics = new RelayMetrics();
  const ipLimits = new IpLimits({
    maxConnectionsPerIp: opts.maxConnectionsPerIp,
    ipFramesPerSec: opts.ipFramesPerSec,
    ipFramesBurst: opts.ipFramesBurst,
    lookupsPerMinute: opts.lookupsPerMinute,
    uploadsPerMinute: opts.uploadsPerMinute,
    callsPerMinute: opts.callsPerMinute,
    maxTrackedIps: 100_000,
  });
  const blobDir = opts.dataDir ? join(opts.dataDir, 'blobs') : mkdtempSync(join(tmpdir(), 'cryptalk-blobs-'));
  const blobs = new BlobStore(blobDir, {
    maxBlobBytes: opts.maxBlobBytes,
    quotaBytes: opts.blobQuotaBytes,
    ttlMs: opts.blobTtlSeconds * 1000,
  });
  const allowlist = new OriginAllowlist(opts.allowedOrigins, opts.allowMissingOrigin);
  const embed = embedOptions && new EmbedRoutes(embedOptions);
  const deps: FeatureDeps = { store, options: opts, metrics, ipLimits, now };
  let sessionDeps: SessionDeps | undefined;
  const features: Feature[] = [
    new RoomsFeature(deps),
    new DirectoryFeature(deps),
    new CallsFeature(deps, () => (sessionDeps as SessionDeps).origin),
  ];
  const dispatcher = new Dispatcher(features, deps, () => sessionDeps as SessionDeps, logger);
  let draining = false;
  const router = new HttpRouter(features, { allowlist, metrics, logger, draining: () => draining });

  const cors = (req: IncomingMessage, res: ServerResponse): boolean => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (!allowlist.allows(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
    return true;
  };

  const http = (req: IncomingMessage, res: ServerResponse, ip: string): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path === '/readyz') {
      void store.ready().then((ok) => {
        const ready = ok && !draining;
        res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready' : 'not ready');
      });
      return;
    }
    if (path === '/metrics') {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      });
      return;
    }
    if (embed?.handle(req, res)) return;
    if (router.handle(req, res, ip)) return;
    void handleBlobRequest(req, res, ip, { blobs, ipLimits, metrics, now, cors: (r) => cors(req, r) })
      .then((handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
  };

  let maxConnections = opts.maxConnections;
  const transport = new WsTransport(
    {
      host: opts.host,
      port: opts.port,
      maxFrameBytes: opts.maxFrameBytes,
      slowConsumerBytes: opts.slowConsumerBytes,
      trustProxy: opts.trustProxy,
    },
    {
      decideUpgrade: (origin, ip) => {
        if (!allowlist.allows(origin)) {
          metrics.rejectedUpgrades.inc({ reason: 'origin' });
          return { ok: false, status: 403, reason: 'Forbidden' };
        }
        if (dispatcher.size >= maxConnections) {
          metrics.rejectedUpgrades.inc({ reason: 'capacity' });
          return { ok: false, status: 503, reason: 'Service Unavailable' };
        }
        if (!ipLimits.connect(ip, now())) {
          metrics.rejectedUpgrades.inc({ reason: 'address' });
          return { ok: false, status: 429, reason: 'Too Many Requests' };
        }
        return { ok: true };
      },
      open: (conn) => dispatcher.open(conn),
      http,
      slowConsumer: () => metrics.closes.inc({ reason: 'slow consumer' }),
    },
  );

  let port: number;
  try {
    port = await transport.listen();
  } catch (err) {
    await store.close();
    throw err;
  }
  const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `ws://${urlHost}:${port}`;
  const origin = new URL(opts.publicUrl ?? url).origin;
  sessionDeps = {
    verifier: new ChallengeVerifier({ origin, ttlMs: opts.challengeTtlMs }),
    origin,
    requireAuth: opts.requireAuth,
    handshakeTimeoutMs: opts.handshakeTimeoutMs,
    maxAuthFailures: opts.maxAuthFailures,
    now,
    onAuthenticated: (ms) => metrics.handshakeSeconds.observe(ms / 1000),
    onForcedClose: (reason) => metrics.closes.inc({ reason }),
  };
  const sweeper = setInterval(() => {
    void store.sweep(now()).catch(() => logger?.warn('store sweep failed'));
    void blobs.sweep(now()).catch(() => logger?.warn('blob sweep failed'));
  }, opts.sweepIntervalMs);
  sweeper.unref();
  logger?.info(
    { port, store: store.kind, auth: opts.requireAuth, protocol: PROTOCOL_VERSION },
    'relay listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    origin,
    store,
    metrics: () => metrics.registry.metrics(),
    close: () => {
      closing ??= (async () => {
        draining = true;
        maxConnections = 0;
        transport.stopAccepting();
        clearInterval(sweeper);
        await dispatcher.drain(opts.drainTimeoutMs);
        await transport.drain(Math.min(2000, opts.drainTimeoutMs));
        await store.close();
        await transport.close();
        logger?.info('relay stopped');
      })();
      return closing;
    },
  };
}
