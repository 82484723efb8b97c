import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RelayError } from './errors.js';
import type { RelayOptions } from './options.js';

/** Options the command line folds into `RelayOptions.embed` (the `/embed` page of the frame placement). */
type EmbedKey = 'embedSites' | 'embedCallSites' | 'embedAssetsDir';

/** How each option is written on the command line and in the environment, and how it is parsed. */
interface OptionSpec {
  /** RelayOptions key, or one of the embed settings. */
  key: keyof RelayOptions | EmbedKey;
  /** `--flag-name`. */
  flag: string;
  type: 'string' | 'int' | 'bool' | 'list';
  help: string;
}

const SPECS: OptionSpec[] = [
  { key: 'host', flag: 'host', type: 'string', help: 'address to bind (default 127.0.0.1)' },
  { key: 'port', flag: 'port', type: 'int', help: 'port to bind, 0 for any (default 8787)' },
  { key: 'publicUrl', flag: 'public-url', type: 'string', help: 'wss:// URL clients use; proofs bind to it' },
  { key: 'store', flag: 'store', type: 'string', help: 'embedded | redis | memory (default embedded)' },
  { key: 'dataDir', flag: 'data-dir', type: 'string', help: 'directory of the embedded store and blobs' },
  {
    key: 'storeSync',
    flag: 'store-sync',
    type: 'string',
    help: 'embedded store: full (fsync every commit, default) | normal (no fsync per commit)',
  },
  { key: 'redisUrl', flag: 'redis-url', type: 'string', help: 'redis://host:port for --store redis' },
  {
    key: 'allowedOrigins',
    flag: 'allowed-origins',
    type: 'list',
    help: 'comma-separated site origins, or *',
  },
  {
    key: 'allowMissingOrigin',
    flag: 'allow-missing-origin',
    type: 'bool',
    help: 'accept clients without Origin',
  },
  { key: 'requireAuth', flag: 'require-auth', type: 'bool', help: 'joins need a proof (default true)' },
  { key: 'handshakeTimeoutMs', flag: 'handshake-timeout-ms', type: 'int', help: 'time to the first proof' },
  { key: 'maxFrameBytes', flag: 'max-frame-bytes', type: 'int', help: 'largest WebSocket frame' },
  { key: 'maxConnections', flag: 'max-connections', type: 'int', help: 'connections in total' },
  { key: 'maxConnectionsPerIp', flag: 'max-connections-per-ip', type: 'int', help: 'connections per IP' },
  { key: 'connFramesPerSec', flag: 'conn-frames-per-sec', type: 'int', help: 'frame rate per connection' },
  { key: 'connFramesBurst', flag: 'conn-frames-burst', type: 'int', help: 'frame burst per connection' },
  { key: 'ipFramesPerSec', flag: 'ip-frames-per-sec', type: 'int', help: 'frame rate per IP' },
  { key: 'ipFramesBurst', flag: 'ip-frames-burst', type: 'int', help: 'frame burst per IP' },
  { key: 'lookupsPerMinute', flag: 'lookups-per-minute', type: 'int', help: 'directory lookups per IP' },
  {
    key: 'maxRoomsPerConnection',
    flag: 'max-rooms-per-connection',
    type: 'int',
    help: 'rooms per connection',
  },
  { key: 'slowConsumerBytes', flag: 'slow-consumer-bytes', type: 'int', help: 'send buffer cap' },
  { key: 'roomTtlSeconds', flag: 'room-ttl-seconds', type: 'int', help: 'idle lifetime of a room' },
  { key: 'historyMax', flag: 'history-max', type: 'int', help: 'messages kept per room' },
  { key: 'historyTtlSeconds', flag: 'history-ttl-seconds', type: 'int', help: 'message retention' },
  { key: 'dedupeWindowSeconds', flag: 'dedupe-window-seconds', type: 'int', help: 'msgId dedupe window' },
  {
    key: 'mailboxTtlSeconds',
    flag: 'mailbox-ttl-seconds',
    type: 'int',
    help: 'hard expiry of mailbox items',
  },
  { key: 'maxBlobBytes', flag: 'max-blob-bytes', type: 'int', help: 'largest attachment' },
  { key: 'blobQuotaBytes', flag: 'blob-quota-bytes', type: 'int', help: 'total attachment bytes' },
  { key: 'blobTtlSeconds', flag: 'blob-ttl-seconds', type: 'int', help: 'attachment lifetime' },
  { key: 'drainTimeoutMs', flag: 'drain-timeout-ms', type: 'int', help: 'graceful shutdown budget' },
  { key: 'trustProxy', flag: 'trust-proxy', type: 'bool', help: 'client IP from X-Forwarded-For' },
  { key: 'callsPerMinute', flag: 'calls-per-minute', type: 'int', help: 'call credential requests per IP' },
  { key: 'livekitUrl', flag: 'livekit-url', type: 'string', help: 'LiveKit URL handed to clients' },
  { key: 'livekitApiKey', flag: 'livekit-api-key', type: 'string', help: 'LiveKit API key' },
  {
    key: 'livekitApiSecret',
    flag: 'livekit-api-secret',
    type: 'string',
    help: 'LiveKit API secret (prefer env/file)',
  },
  {
    key: 'callsHashKey',
    flag: 'calls-hash-key',
    type: 'string',
    help: 'key hashing rooms/ids for LiveKit and TURN',
  },
  {
    key: 'turnSecret',
    flag: 'turn-secret',
    type: 'string',
    help: 'coturn static-auth-secret (prefer env/file)',
  },
  { key: 'turnUrls', flag: 'turn-urls', type: 'list', help: 'comma-separated turn:/turns:/stun: URLs' },
  { key: 'embedSites', flag: 'embed-sites', type: 'list', help: 'site origins that may frame /embed' },
  {
    key: 'embedCallSites',
    flag: 'embed-call-sites',
    type: 'list',
    help: 'of those, the ones where calls may use camera/mic',
  },
  { key: 'embedAssetsDir', flag: 'embed-assets-dir', type: 'string', help: 'built widget folder for /embed' },
];

const EMBED_KEYS: readonly string[] = ['embedSites', 'embedCallSites', 'embedAssetsDir'] satisfies EmbedKey[];

/** `--flag` → `CRYPTALK_FLAG` */
const envName = (flag: string) => `CRYPTALK_${flag.replaceAll('-', '_').toUpperCase()}`;

/** The `--help` text. */
export function helpText(): string {
  const lines = SPECS.map((s) => {
    const arg = s.type === 'bool' ? '' : s.type === 'int' ? ' <n>' : ' <value>';
    return `  --${(s.flag + arg).padEnd(34)} ${s.help}  [${envName(s.flag)}]`;
  });
  return `Usage: cryptalk-relay [options]

The CrypTalk relay: carries ciphertext between clients over one HTTP + WebSocket port.
Precedence: flags > environment > config file > defaults.

  --${'config <file>'.padEnd(34)} JSON file with any option below in camelCase  [CRYPTALK_CONFIG]
${lines.join('\n')}
  --${'log-level <level>'.padEnd(34)} pino level (default info)  [CRYPTALK_LOG]
  -h, --help                             show this help
`;
}

function parseValue(spec: OptionSpec, raw: unknown, source: string): unknown {
  const name = `${spec.key} (${source})`;
  switch (spec.type) {
    case 'string':
      if (typeof raw !== 'string' || raw === '') throw RelayError.config(name, 'must be a non-empty string');
      return raw;
    case 'int': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) throw RelayError.config(name, 'must be an integer');
      return n;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw RelayError.config(name, 'must be true or false');
    case 'list':
      if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return raw;
      if (typeof raw === 'string')
        return raw
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      throw RelayError.config(name, 'must be a list of strings');
  }
}

/** The parsed command line: options plus what the CLI itself needs. */
export interface CliConfig {
  help: boolean;
  logLevel: string;
  options: RelayOptions;
}

/**
 * Reads options from flags, environment and an optional JSON config file (in that precedence).
 * @throws RelayError `RELAY_CONFIG_INVALID` naming the option and where it came from.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): CliConfig {
  const flagDefs: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    config: { type: 'string' },
    'log-level': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const s of SPECS) flagDefs[s.flag] = { type: s.type === 'bool' ? 'boolean' : 'string' };
  for (const s of SPECS) if (s.type === 'bool') flagDefs[`no-${s.flag}`] = { type: 'boolean' };
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: flagDefs, strict: true, allowPositionals: false }));
  } catch (err) {
    throw RelayError.config('command line', (err as Error).message.split('\n')[0] ?? 'is invalid');
  }
  const options: Record<string, unknown> = {};
  const file = (values.config as string | undefined) ?? env.CRYPTALK_CONFIG;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw RelayError.config('config', `could not be read as JSON (${(err as Error).name})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw RelayError.config('config', 'must hold a JSON object');
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (k === 'embed') {
        options.embed = v; // the whole EmbedOptions object; createRelay validates it
        continue;
      }
      const spec = SPECS.find((s) => s.key === k);
      if (!spec) throw RelayError.config(k.slice(0, 40), 'is not a known option (config file)');
      options[k] = parseValue(spec, v, 'config file');
    }
  }
  for (const s of SPECS) {
    const raw = env[envName(s.flag)];
    if (raw !== undefined && raw !== '') options[s.key] = parseValue(s, raw, envName(s.flag));
  }
  for (const s of SPECS) {
    if (values[`no-${s.flag}`]) options[s.key] = false;
    const raw = values[s.flag];
    if (raw !== undefined) options[s.key] = parseValue(s, raw, `--${s.flag}`);
  }
  foldEmbed(options);
  return {
    help: values.help === true,
    logLevel: (values['log-level'] as string | undefined) ?? env.CRYPTALK_LOG ?? 'info',
    options: options as RelayOptions,
  };
}

/**
 * Folds the flat embed settings (`--embed-sites`, `--embed-call-sites`, `--embed-assets-dir`, or the same keys
 * in the environment or config file) into `options.embed`, the shape {@link RelayOptions} takes.
 * @throws RelayError `RELAY_CONFIG_INVALID` when a call site is not also an embed site, or sites lack a folder.
 */
function foldEmbed(options: Record<string, unknown>): void {
  const sites = options.embedSites as string[] | undefined;
  const callSites = (options.embedCallSites as string[] | undefined) ?? [];
  const assetsDir = options.embedAssetsDir as string | undefined;
  for (const k of EMBED_KEYS) delete options[k];
  if (sites === undefined && assetsDir === undefined && callSites.length === 0) return;
  if (!sites?.length || assetsDir === undefined) {
    throw RelayError.config('embed', '--embed-sites and --embed-assets-dir go together');
  }
  const unknown = callSites.find((c) => !sites.includes(c));
  if (unknown !== undefined) throw RelayError.config('embedCallSites', 'must each be one of --embed-sites');
  options.embed = {
    sites: sites.map((origin) => ({ origin, calls: callSites.includes(origin) })),
    assetsDir,
  };
}
