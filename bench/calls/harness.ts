/**
 * The Node side of the calls test and benchmark harness. Everything runs inside one loopback-only network
 * namespace: coturn, LiveKit, a static server for the page (page.ts bundled with esbuild, plus LiveKit's
 * E2EE worker, same-origin) and Chromium with fake media devices. One browser context per participant;
 * signals are fanned out between them through Playwright bindings (an in-test stand-in for the relay's
 * ephemeral signals); TURN credentials and LiveKit tokens are real, minted by the relay's calls feature.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { mintLiveKitToken, turnCredentials } from '../../relay/src/features/calls/index.js';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/find-chromium.mjs';
import { buildCallsSite } from '../../test/helpers/calls-site.js';
import { type Coturn, startCoturn } from '../../test/helpers/coturn.js';
import { type LiveKitServer, startLiveKit } from '../../test/helpers/livekit.js';
import { allOrThrow, type CommandWrapper, waitForTcp } from '../../test/helpers/server-process.js';
import { createLoopbackNetns, type LoopbackNetns } from './loopback-netns.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Chromium flags for calls on loopback: fake camera and microphone without prompts; host candidates as
 * real addresses (no mDNS names, which would need multicast); the loopback interface offered to WebRTC
 * (inside the namespace it is the only one).
 */
export const CALLS_CHROMIUM_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

/** Everything a calls test needs, all inside one loopback-only network namespace. */
export interface CallsLab {
  readonly netns: LoopbackNetns;
  readonly coturn: Coturn;
  readonly livekit: LiveKitServer;
  readonly browser: Browser;
  /** The page's origin (`http://127.0.0.1:<port>`), served inside the namespace. */
  readonly siteUrl: string;
  /** Stops everything and removes the namespace. */
  close(): Promise<void>;
}

const STATIC_SERVER = join(HERE, '../../scripts/static-server.mjs');
const SITE_START_TIMEOUT_MS = 10_000;

/** Bundles page.ts, and copies LiveKit's E2EE worker beside it, into a fresh folder. */
const buildSite = () =>
  buildCallsSite([{ entry: 'bench/calls/page.ts', out: 'page.js', page: 'index.html' }], {
    e2eeWorker: true,
  });

/** Serves `dir` with scripts/static-server.mjs in a child Node process run through `wrap`. */
async function serveInside(
  dir: string,
  wrap: CommandWrapper,
): Promise<{ url: string; stop(): void; proc: ReturnType<typeof spawn> }> {
  const port = 20_000 + Math.floor(Math.random() * 10_000);
  const code = `import(${JSON.stringify(STATIC_SERVER)}).then((m) => m.startStaticServer({ '/': ${JSON.stringify(dir)} }, { port: ${port} }))`;
  const [cmd, args] = wrap(process.execPath, ['-e', code]);
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const stop = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
  };
  try {
    await waitForTcp('the calls page server', port, SITE_START_TIMEOUT_MS, wrap, () =>
      proc.exitCode === null ? undefined : `code ${proc.exitCode}: ${err}`,
    );
  } catch (e) {
    stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, stop, proc };
}

/** Launches headless Chromium inside the namespace (through a tiny wrapper script around `ip netns exec`). */
async function launchInside(netns: LoopbackNetns, dir: string, extraArgs: string[] = []): Promise<Browser> {
  const real = findChromium();
  if (!real)
    throw new Error('Chromium not found: install it with `apt-get install chromium` or set CHROME_PATH');
  const wrapper = join(dir, 'chromium-in-netns.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${netns.name} ${real} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return chromium.launch({
    executablePath: wrapper,
    headless: true,
    args: [...CHROMIUM_ARGS, ...CALLS_CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Options of {@link startCallsLab}. */
export interface CallsLabOptions {
  /**
   * More Chromium flags, after {@link CALLS_CHROMIUM_ARGS} (e.g. `--use-fake-device-for-media-stream=device-count=2`
   * for a second fake camera).
   */
  chromiumArgs?: string[];
}

/**
 * Starts the lab: a loopback-only network namespace with coturn, LiveKit, the page server and Chromium in it.
 * @param options - extra Chromium flags.
 * @throws Error naming the component (iproute2/netns, coturn, LiveKit, Chromium) that is missing or fails.
 */
export async function startCallsLab(options: CallsLabOptions = {}): Promise<CallsLab> {
  const netns = createLoopbackNetns();
  const cleanups: Array<() => unknown> = [() => netns.remove()];
  // If the test process exits without `close()` (a crash, a timeout), still kill the servers and remove
  // the namespace; Playwright closes its browser by itself.
  const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = [];
  const onExit = () => {
    for (const c of children) c.kill('SIGKILL');
    netns.remove();
  };
  process.once('exit', onExit);
  const close = async () => {
    process.off('exit', onExit);
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
    cleanups.length = 0;
  };
  try {
    const dir = await buildSite();
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const track = <T>(
      p: Promise<T>,
      stop: (v: T) => unknown,
      child?: (v: T) => { kill(signal?: NodeJS.Signals): boolean },
    ): Promise<T> =>
      p.then((v) => {
        cleanups.push(() => stop(v));
        if (child) children.push(child(v));
        return v;
      });
    // Every start settles before a failure is thrown: one that finished after `close()` ran would be left
    // running (a browser, a server) and keep the test process alive.
    const [coturn, livekit, site, browser] = await allOrThrow([
      track(
        startCoturn(undefined, netns.wrap),
        (c) => c.stop(),
        (c) => c.proc,
      ),
      track(
        startLiveKit(netns.wrap),
        (l) => l.stop(),
        (l) => l.proc,
      ),
      track(
        serveInside(dir, netns.wrap),
        (s) => s.stop(),
        (s) => s.proc,
      ),
      track(launchInside(netns, dir, options.chromiumArgs), (b) => b.close()),
    ] as const);
    return { netns, coturn, livekit, browser, siteUrl: site.url, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Per-participant choices. */
export interface ParticipantOptions {
  /** TURN servers to hand out instead of the real coturn (e.g. an unreachable one). */
  iceServers?: RTCIceServer[];
  /** The group secret (hex); the room's when omitted. A different one models a participant with the wrong key. */
  groupSecretHex?: string;
}

/** One participant: a browser context and its page. */
export interface Participant {
  readonly id: string;
  readonly page: Page;
  readonly context: BrowserContext;
  /** Recorded call events. */
  events(): Promise<Array<{ t: number; type: string; data: Record<string, unknown> }>>;
  /** Waits until an event of `type` matching `pred` is recorded; returns it. */
  waitFor(
    type: string,
    timeoutMs: number,
    pred?: (data: Record<string, unknown>) => boolean,
  ): Promise<{ t: number; data: Record<string, unknown> }>;
}

/** A call room of several participants sharing a signal fan-out and credentials. */
export class CallsRoom {
  /** The room's group secret (hex). */
  readonly groupSecretHex = randomBytes(32).toString('hex');
  private readonly roomId = randomBytes(16).toString('base64url');
  private readonly hashKey = randomBytes(32);
  private readonly members = new Map<string, Participant>();
  /** Signals that pass through the fan-out, for assertions (kinds only). */
  readonly signalKinds: string[] = [];
  /** Optional filter: return false to drop a signal (e.g. to make P2P impossible). */
  filter: (from: string, signal: Record<string, unknown>) => boolean = () => true;

  constructor(private readonly lab: CallsLab) {}

  /** Opens a participant's page, wires signals and credentials, and initialises its call manager. */
  async join(id: string, options: ParticipantOptions = {}): Promise<Participant> {
    const context = await this.lab.browser.newContext();
    const page = await context.newPage();
    await page.exposeBinding('__ctSignalSend', (_source, payload: string) => this.fanOut(id, payload));
    await page.exposeBinding('__ctCredentials', async (_source, kind: 'turn' | 'livekit') => {
      if (kind === 'turn') {
        if (options.iceServers) return { iceServers: options.iceServers };
        const c = turnCredentials(this.lab.coturn.secret, 600, {
          urls: [this.lab.coturn.urlUdp, this.lab.coturn.urlTcp],
        });
        return { iceServers: [{ urls: c.urls, username: c.username, credential: c.credential }] };
      }
      const grant = await mintLiveKitToken(
        {
          url: this.lab.livekit.url,
          apiKey: this.lab.livekit.apiKey,
          apiSecret: this.lab.livekit.apiSecret,
          hashKey: this.hashKey,
        },
        { room: this.roomId, identity: id, isMember: this.members.has(id) },
      );
      return { url: grant.url, token: grant.token, identity: grant.identity };
    });
    await page.goto(`${this.lab.siteUrl}/`);
    await page.waitForFunction(() => 'ctHarness' in window);
    await page.evaluate(
      ([self, secret]) =>
        (window as unknown as { ctHarness: { init(a: string, b: string): void } }).ctHarness.init(
          self as string,
          secret as string,
        ),
      [id, options.groupSecretHex ?? this.groupSecretHex],
    );
    const participant: Participant = {
      id,
      page,
      context,
      events: () =>
        page.evaluate(() => (window as unknown as { ctHarness: { events(): never } }).ctHarness.events()),
      waitFor: async (type, timeoutMs, pred = () => true) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = (await participant.events()).find((e) => e.type === type && pred(e.data));
          if (found) return found;
          if (Date.now() > deadline) {
            const seen = (await participant.events()).map((e) => e.type).filter((t) => t !== 'quality');
            throw new Error(`${id}: no "${type}" event within ${timeoutMs} ms (saw: ${seen.join(', ')})`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    };
    this.members.set(id, participant);
    return participant;
  }

  /** Evaluates a harness method in a participant's page. */
  run<T>(p: Participant, method: string, ...args: unknown[]): Promise<T> {
    return p.page.evaluate(
      ([m, a]) =>
        (window as unknown as { ctHarness: Record<string, (...x: unknown[]) => unknown> }).ctHarness[
          m as string
        ]?.(...(a as unknown[])) as T,
      [method, args] as const,
    ) as Promise<T>;
  }

  /** Closes every participant's context. */
  async close(): Promise<void> {
    await Promise.all([...this.members.values()].map((p) => p.context.close().catch(() => {})));
    this.members.clear();
  }

  private async fanOut(from: string, payload: string): Promise<void> {
    const signal = JSON.parse(payload) as Record<string, unknown>;
    this.signalKinds.push(String(signal.k));
    if (!this.filter(from, signal)) return;
    await Promise.all(
      [...this.members.values()]
        .filter((p) => p.id !== from)
        .map((p) =>
          p.page
            .evaluate(
              ([f, s]) =>
                (window as unknown as { __ctDeliver(a: string, b: string): void }).__ctDeliver(
                  f as string,
                  s as string,
                ),
              [from, payload],
            )
            .catch(() => {}),
        ),
    );
  }
}
