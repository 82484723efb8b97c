/**
 * The page side shared by the calls end-to-end tests and bench/calls: bundles browser entry points from source
 * with esbuild into a fresh folder, writes an HTML page for each, copies LiveKit's E2EE worker beside them when
 * asked, and serves the folder from 127.0.0.1 (a secure context, so getUserMedia works).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { ROOT } from './processes.js';

/** One browser entry point of a calls page. */
export interface CallsEntry {
  /** The source file, relative to the repository root. */
  entry: string;
  /** The bundle's file name in the site folder. */
  out: string;
  /** When set, an HTML page of this name that loads the bundle as a module. */
  page?: string;
}

/**
 * Bundles `entries` into a new folder under the system's temp directory and returns its path. With
 * `e2eeWorker`, LiveKit's E2EE worker is copied to `/e2ee-worker.mjs` (same origin as the page).
 */
export async function buildCallsSite(
  entries: CallsEntry[],
  opts: { e2eeWorker?: boolean } = {},
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-calls-site-'));
  await Promise.all(
    entries.map(({ entry, out }) =>
      build({
        entryPoints: [join(ROOT, entry)],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'chrome120',
        outfile: join(dir, out),
        conditions: ['source'],
        logLevel: 'silent',
      }),
    ),
  );
  for (const { out, page } of entries) {
    if (!page) continue;
    writeFileSync(
      join(dir, page),
      `<!doctype html><meta charset="utf-8"><title>calls</title><body><script type="module" src="/${out}"></script>`,
    );
  }
  if (opts.e2eeWorker) {
    const require = createRequire(import.meta.url);
    const lkDist = dirname(require.resolve('livekit-client', { paths: [join(ROOT, 'sdk')] }));
    copyFileSync(join(lkDist, 'livekit-client.e2ee.worker.mjs'), join(dir, 'e2ee-worker.mjs'));
  }
  return dir;
}

/** A built calls site, served. */
export interface CallsSite {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the server and removes the folder. */
  close(): Promise<void>;
}

/** Builds `entries` (see {@link buildCallsSite}) and serves them from 127.0.0.1. */
export async function startCallsSite(
  entries: CallsEntry[],
  opts: { e2eeWorker?: boolean } = {},
): Promise<CallsSite> {
  const dir = await buildCallsSite(entries, opts);
  const server = await startStaticServer({ '/': dir });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Relay options every calls test shares: the site's origin allowed, room-sized rate limits, calls secrets. */
export function callsRelayOptions(siteUrl: string) {
  return {
    port: 0,
    allowedOrigins: [new URL(siteUrl).origin],
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
    callsPerMinute: 1_000,
    callsHashKey: 'calls-hash-key-0123456789abcdef',
    turnSecret: 'turn-static-auth-secret-0123456789',
    // Nothing listens there: the credentials still come from the relay; media goes host-to-host or via LiveKit.
    turnUrls: ['turn:127.0.0.1:9?transport=udp'],
  };
}

/**
 * Polls `probe` every `intervalMs` until `ok` holds and returns that value; throws naming `what` (and the last
 * value) after `timeoutMs`.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
    last = await probe();
  }
  return last;
}
