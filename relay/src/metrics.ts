import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The relay's Prometheus metrics: aggregate counters and latency histograms only. Labels come from fixed sets
 * (frame types, error codes, engine names); nothing keyed by rooms, keys, connections or IPs.
 */
export class RelayMetrics {
  /** The registry served at `/metrics`. */
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: 'cryptalk_connections',
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });
  readonly connectionsTotal = new Counter({
    name: 'cryptalk_connections_total',
    help: 'WebSocket connections accepted',
    registers: [this.registry],
  });
  readonly rejectedUpgrades = new Counter({
    name: 'cryptalk_rejected_upgrades_total',
    help: 'WebSocket upgrades refused',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly frames = new Counter({
    name: 'cryptalk_frames_received_total',
    help: 'Client frames decoded, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: 'cryptalk_error_frames_total',
    help: 'Error frames sent, by code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly stored = new Counter({
    name: 'cryptalk_messages_stored_total',
    help: 'Messages stored (after dedupe)',
    registers: [this.registry],
  });
  readonly duplicates = new Counter({
    name: 'cryptalk_messages_duplicate_total',
    help: 'Publishes answered from the dedupe window',
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'cryptalk_deliveries_total',
    help: 'Envelopes sent to clients (live and backlog)',
    registers: [this.registry],
  });
  readonly signals = new Counter({
    name: 'cryptalk_signals_total',
    help: 'Ephemeral signals delivered or dropped',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly closes = new Counter({
    name: 'cryptalk_forced_closes_total',
    help: 'Connections the relay closed, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'cryptalk_rate_limited_total',
    help: 'Frames refused by a token bucket, by scope',
    labelNames: ['scope'],
    registers: [this.registry],
  });
  readonly publishSeconds = new Histogram({
    name: 'cryptalk_publish_seconds',
    help: 'Time from a publish frame to its ack',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly handshakeSeconds = new Histogram({
    name: 'cryptalk_handshake_seconds',
    help: 'Time from upgrade to the first valid proof',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [this.registry],
  });
  readonly blobBytes = new Counter({
    name: 'cryptalk_blob_bytes_total',
    help: 'Blob bytes moved, by direction',
    labelNames: ['direction'],
    registers: [this.registry],
  });

  readonly httpRequests = new Counter({
    name: 'cryptalk_http_api_requests_total',
    help: 'JSON API requests (e.g. /calls/*), by endpoint and status code',
    labelNames: ['endpoint', 'status'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cryptalk_' });
  }
}
