// bench/widget: gzip sizes of the script-tag files and, in headless Chromium, script tag → defined
// element, open() → first rendered room, and frame times while scrolling 10,000 messages. Prints figures.
//
// Knobs (environment):
// - CRYPTALK_BENCH_WIDGET_PARTS=sizes,memory,relay,reopen,join — which parts run (default: all five). Without
//   `sizes` the widget is not rebuilt: the pages use widget/dist as it is.
// - CRYPTALK_BENCH_WIDGET_RUNS=5 — runs of each open figure (the median is printed).
// - CRYPTALK_BENCH_WIDGET_BASE=<folder> — a second widget build (e.g. a copy of widget/dist made at another
//   commit): each open figure is then measured for both builds, one run of each in turn against the same
//   relay, so that the machine's load falls on both alike.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../../test/helpers/browser.js';
import { startRelayProcess } from '../../test/helpers/processes.js';
import {
  CLIENT_DEXIE_FILE,
  FIRST_OPEN_TARGET,
  FRAME_DEXIE_FILE,
  LOADER_FILE,
  WORKER_DEXIE_FILE,
} from '../../widget/rollup.widget.mjs';
import { buildWidget, firstOpenSizes } from '../../widget/scripts/build.mjs';
import { startWidgetPages } from '../../widget/test-pages/server.mjs';

/** Published sizes of other chat widgets, for comparison (see docs/widget.md for the sources). */
const OTHERS = [
  { name: 'Intercom Messenger', kb: 344, what: 'JS (uncompressed, as published)', basis: 'raw' },
  { name: 'Chatwoot widget', kb: 170, what: 'transferred (compressed)', basis: 'gzip' },
] as const;

const PARTS = ['sizes', 'memory', 'relay', 'reopen', 'join'] as const;
type Part = (typeof PARTS)[number];
const wanted = (process.env.CRYPTALK_BENCH_WIDGET_PARTS ?? PARTS.join(','))
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean);
for (const p of wanted) {
  if (!(PARTS as readonly string[]).includes(p))
    throw new RangeError(`unknown part ${p} (${PARTS.join(', ')})`);
}
const runs = (part: Part) => wanted.includes(part);
const RUNS = Number(process.env.CRYPTALK_BENCH_WIDGET_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new RangeError('CRYPTALK_BENCH_WIDGET_RUNS must be ≥ 1');
const BASE = process.env.CRYPTALK_BENCH_WIDGET_BASE
  ? resolve(process.env.CRYPTALK_BENCH_WIDGET_BASE)
  : undefined;
if (BASE && !existsSync(join(BASE, LOADER_FILE))) throw new Error(`no ${LOADER_FILE} in ${BASE}`);

type Result = {
  defineMs: number;
  openToRoomMs: number;
  /** When the room was ready, in ms from the start of navigation. */
  readyAtMs: number;
  frames?: { count: number; p50: number; p95: number; max: number };
  rowsInDom?: number;
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** The 1-minute load average: other work on the machine slows the timings, so it is printed beside them. */
const load = () => `load average ${loadavg()[0]?.toFixed(2)}`;
const list = (xs: number[]) => xs.map((r) => r.toFixed(0)).join(', ');

if (runs('sizes')) {
  const built = await buildWidget();
  console.log(
    "## Sizes (gzip: the build's .gz copy, by Zopfli, as served; zlib -9 beside it; source maps not counted)\n",
  );
  for (const [file, s] of Object.entries(built))
    console.log(
      `${file.padEnd(36)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(9)} gzip ${kb(s.zlib9).padStart(9)} zlib -9 ${kb(s.br).padStart(9)} Brotli`,
    );
  // What a first open downloads: the loader (already on the page), then the UI core and the SDK's file with
  // their static imports; lazy chunks (calls, escrow, passphrase KDFs) only when used.
  const loader = built[LOADER_FILE]?.gzip ?? 0;
  const first = firstOpenSizes(built);
  console.log(`\n## First open (beside the ${kb(loader)} loader)\n`);
  // Brotli (quality 11, the build's .br copy), what the relay's /embed/ sends the frame and an HTTPS CDN the
  // script-tag files.
  const brotli = (file: string) => built[file]?.br ?? 0;
  const zlib9 = (files: string[]) => files.reduce((a, f) => a + (built[f]?.zlib9 ?? 0), 0);
  // A device's first visit also loads Dexie, to create the device store (every later open finds it in place).
  const dexie: Record<string, string> = {
    worker: WORKER_DEXIE_FILE,
    same: CLIENT_DEXIE_FILE,
    frame: FRAME_DEXIE_FILE,
  };
  for (const [placement, { files, gzip }] of Object.entries(first)) {
    const br = files.reduce((a, f) => a + brotli(f), 0);
    console.log(
      `${placement.padEnd(7)} ${files.join(' + ')} = ${kb(gzip)} gzip (${kb(zlib9(files))} with zlib -9), ${kb(br)} Brotli (target ≤ ${kb(FIRST_OPEN_TARGET)} gzip: ${gzip <= FIRST_OPEN_TARGET ? 'met' : 'missed'})`,
    );
    const setup = dexie[placement];
    if (setup && built[setup]) {
      console.log(
        `${''.padEnd(7)} a device's first visit adds ${setup} (${kb(built[setup].gzip)}): ${kb(gzip + built[setup].gzip)} gzip, ${kb(br + brotli(setup))} Brotli`,
      );
    }
  }
  // Compared on the same basis as each published figure: uncompressed bytes, or compressed (gzip) ones.
  const opened = [LOADER_FILE, ...(first.worker?.files ?? [])];
  const totals = {
    raw: opened.reduce((a, f) => a + (built[f]?.raw ?? 0), 0),
    gzip: opened.reduce((a, f) => a + (built[f]?.gzip ?? 0), 0),
  };
  for (const o of OTHERS) {
    const total = totals[o.basis];
    console.log(
      `${o.name}: ≈${o.kb} KB ${o.what}; CrypTalk loader + first open (worker) ${kb(total)} ${o.basis} = ${((total / 1024 / o.kb) * 100).toFixed(0)}%`,
    );
  }
}

/** The pages server of this build and, with CRYPTALK_BENCH_WIDGET_BASE, one serving the base build. */
const builds: { name: string; url: string; close(): Promise<void> }[] = [
  { name: BASE ? 'this build' : '', ...(await startWidgetPages()) },
];
if (BASE) {
  const pages = join(import.meta.dirname, '../../widget/test-pages');
  builds.push({ name: 'base build', ...(await startStaticServer({ '/': pages, '/dist/': BASE })) });
}
const label = (name: string, what: string) => (name ? `${what}, ${name}` : what).padEnd(52);

const browser = await launchChromium();
type Context = Awaited<ReturnType<typeof browser.newContext>>;
type Page = Awaited<ReturnType<Context['newPage']>>;
/** A bench page's result, once its bench.js has measured. */
const resultOf = async (page: Page): Promise<Result> =>
  // Polls in the page rather than with `waitForFunction`: that injects Playwright's large script into the page
  // while the timed open runs (≈ 100–200 ms of main-thread work under load), which no real page pays.
  // (A string, so the transpiler adds no helper the page lacks.)
  (await page.evaluate(`new Promise((resolve, reject) => {
    const until = Date.now() + 60000;
    const poll = () => window.benchResult ? resolve(window.benchResult)
      : Date.now() > until ? reject(new Error('no benchResult within 60 s')) : setTimeout(poll, 50);
    poll();
  })`)) as Result;
const run = async (url: string, query: string, context?: Context): Promise<Result> => {
  const page = await (context ?? browser).newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${url}/bench.html${query}`);
  const value = await resultOf(page);
  await page.close();
  return value;
};
/** `RUNS` results of `one` for every build, the builds taking turns. */
const interleaved = async <T>(one: (url: string, i: number) => Promise<T>): Promise<T[][]> => {
  const out: T[][] = builds.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [b, build] of builds.entries()) out[b]?.push(await one(build.url, i));
  }
  return out;
};
try {
  if (runs('memory')) {
    const mem = await interleaved((url, i) =>
      run(url, `?messages=${i === 0 ? 10000 : 50}&frames=${i === 0 ? 240 : 1}`),
    );
    console.log(`\n## Headless Chromium (loopback, median of ${RUNS}; ${load()})\n`);
    for (const [b, build] of builds.entries()) {
      const rs = mem[b] ?? [];
      console.log(
        `${label(build.name, 'script tag → <cryptalk-chat> defined')}${ms(median(rs.map((r) => r.defineMs)))}`,
      );
      console.log(
        `${label(build.name, 'open() → first rendered room (memory)')}${ms(median(rs.map((r) => r.openToRoomMs)))}  (target ≤ 300 ms; runs ${list(rs.map((r) => r.openToRoomMs))} ms)`,
      );
      const f = rs[0]?.frames;
      if (f) {
        console.log(
          `${label(build.name, `scrolling 10,000 messages, ${f.count} frames`)}p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}; ${rs[0]?.rowsInDom} rows in the DOM`,
        );
      }
    }
  }
  if (runs('relay') || runs('reopen') || runs('join')) {
    const relay = await startRelayProcess();
    const at = `?relay=${encodeURIComponent(relay.url)}`;
    try {
      if (runs('relay')) {
        const real = await interleaved(async (url) => (await run(url, at)).openToRoomMs);
        for (const [b, build] of builds.entries()) {
          const rs = real[b] ?? [];
          console.log(
            `${label(build.name, 'open() → first rendered room (relay)')}${ms(median(rs))}  (target ≤ 300 ms; runs ${list(rs)} ms; ${load()})`,
          );
        }
      }
      if (runs('reopen')) {
        // A returning visitor: the device store already holds the identity and the room (opened once before,
        // in the same browser profile), so open() reads them back and rejoins instead of creating them.
        const again = await interleaved(async (url) => {
          const context = await browser.newContext();
          try {
            await run(url, at, context);
            return (await run(url, at, context)).openToRoomMs;
          } finally {
            await context.close();
          }
        });
        for (const [b, build] of builds.entries()) {
          const rs = again[b] ?? [];
          console.log(
            `${label(build.name, 'open() → first rendered room (reopen)')}${ms(median(rs))}  (store and room exist; runs ${list(rs)} ms; ${load()})`,
          );
        }
      }
      if (runs('join')) {
        // Someone who follows an invite link: a new identity and device store, the join request, a member online
        // in another browser admitting it (its commit and Welcome), the HPKE chunk (loopback), the Welcome
        // processed and the room rendered. From the start of navigation, since the widget opens as it is defined.
        const joined = await interleaved(async (url) => {
          const [host, guest] = [await browser.newContext(), await browser.newContext()];
          try {
            const member = await host.newPage();
            await member.goto(`${url}/bench.html${at}`);
            await resultOf(member);
            const link = (await member.evaluate(`(() => {
              const chat = document.querySelector('cryptalk-chat');
              return chat.backend.inviteLink(chat.getAttribute('room'));
            })()`)) as string;
            const page = await guest.newPage();
            await page.setViewportSize({ width: 1000, height: 800 });
            await page.goto(link);
            return (await resultOf(page)).readyAtMs;
          } finally {
            await guest.close();
            await host.close();
          }
        });
        for (const [b, build] of builds.entries()) {
          const rs = joined[b] ?? [];
          console.log(
            `${label(build.name, 'invite link → joined room (relay)')}${ms(median(rs))}  (from navigation; runs ${list(rs)} ms; ${load()})`,
          );
        }
      }
    } catch (err) {
      console.log(
        `open() → first rendered room (relay)     failed: ${(err as Error).message.split('\n')[0]}`,
      );
    } finally {
      await relay.stop();
    }
  }
} finally {
  await browser.close();
  for (const build of builds) await build.close();
}
