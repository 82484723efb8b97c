// bench/widget: gzip sizes of the script-tag files and, in headless Chromium, script tag → defined
// element, open() → first rendered room, and frame times while scrolling 10,000 messages. Prints figures.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../test/helpers/browser.js';
import { startRelayProcess } from '../../test/helpers/processes.js';
import { buildWidget, gzipSize, ROOT } from '../../widget/scripts/build.mjs';
import { startWidgetPages } from '../../widget/test-pages/server.mjs';

/** Published sizes of other chat widgets, for comparison (see docs/widget.md for the sources). */
const OTHERS = [
  { name: 'Intercom Messenger', kb: 344, what: 'JS (uncompressed transfer as published)' },
  { name: 'Chatwoot widget', kb: 170, what: 'transferred' },
];

type Result = {
  defineMs: number;
  openToRoomMs: number;
  frames?: { count: number; p50: number; p95: number; max: number };
  rowsInDom?: number;
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const sizes = await buildWidget();
console.log('## Sizes (gzip -9)\n');
for (const [file, s] of Object.entries(sizes))
  console.log(`${file.padEnd(22)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(9)} gzip`);
for (const chunk of ['cryptalk-calls.js', 'cryptalk-escrow.js']) {
  const p = join(ROOT, 'widget/dist', chunk);
  console.log(
    `${chunk.padEnd(22)} ${existsSync(p) ? kb(gzipSize(readFileSync(p))) : 'not built yet (no calls/escrow UI)'}`,
  );
}
const total = Object.values(sizes).reduce((a, s) => a + s.gzip, 0);
for (const o of OTHERS)
  console.log(
    `${o.name}: ≈${o.kb} KB ${o.what}; CrypTalk loader+core ${kb(total)} gzip = ${((total / 1024 / o.kb) * 100).toFixed(0)}%`,
  );

const server = await startWidgetPages();
const browser = await launchChromium();
const run = async (query: string): Promise<Result> => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  await page.goto(`${server.url}/bench.html${query}`);
  const r = (await page.waitForFunction(
    () => (window as unknown as { benchResult?: unknown }).benchResult,
    null,
    {
      timeout: 60_000,
    },
  )) as { jsonValue(): Promise<Result> };
  const value = await r.jsonValue();
  await page.close();
  return value;
};
try {
  const RUNS = 5;
  const mem: Result[] = [];
  for (let i = 0; i < RUNS; i++)
    mem.push(await run(`?messages=${i === 0 ? 10000 : 50}&frames=${i === 0 ? 240 : 1}`));
  console.log('\n## Headless Chromium (loopback, median of 5)\n');
  console.log(`script tag → <cryptalk-chat> defined     ${ms(median(mem.map((r) => r.defineMs)))}`);
  console.log(
    `open() → first rendered room (memory)    ${ms(median(mem.map((r) => r.openToRoomMs)))}  (target ≤ 300 ms)`,
  );
  const f = mem[0]?.frames;
  if (f) {
    console.log(
      `scrolling 10,000 messages, ${f.count} frames: p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}; ${mem[0]?.rowsInDom} rows in the DOM`,
    );
  }
  const relay = await startRelayProcess();
  try {
    const real: number[] = [];
    for (let i = 0; i < RUNS; i++)
      real.push((await run(`?relay=${encodeURIComponent(relay.url)}`)).openToRoomMs);
    console.log(`open() → first rendered room (relay)     ${ms(median(real))}  (target ≤ 300 ms)`);
  } catch (err) {
    console.log(`open() → first rendered room (relay)     failed: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await relay.stop();
  }
} finally {
  await browser.close();
  await server.close();
}
