/**
 * The MLS figures at 100 members in Chromium (`groups-browser-entry.ts`: a message sent and received, the add and
 * remove commits): what the widget's Worker pays, rather than Node standing in for a browser (`[web]` rows of
 * `groups.ts`, whose PKCS #8 key imports go through OpenSSL 3's slow decoder).
 *
 * @module
 */
import { runInChromium } from '../chromium-page.js';
import type { BrowserCommitRow } from './groups-browser-entry.js';
import { type Row, verdict } from './harness.js';

/** Runs the commit loop in Chromium and returns rows for `printTable` (wall time; no CPU clock in a page). */
export async function benchGroupsChromium(): Promise<Row[]> {
  const rows = await runInChromium<BrowserCommitRow[]>(
    new URL('./groups-browser-entry.ts', import.meta.url),
    'runMlsCommitBench',
  );
  return rows.map((r) => {
    const row: Row = { name: r.name, msPerOp: r.meanMs, opsPerSec: 1000 / r.meanMs, iterations: r.rounds };
    if (Number.isNaN(r.firstMs))
      row.note = 'alice encrypts, bob decrypts (both in this page), after 50 rounds of warm-up';
    else
      row.note = `${verdict(row, 30, 'target <= 30 ms')}; max ${r.maxMs.toFixed(1)} ms, first (cold) ${r.firstMs.toFixed(1)} ms; worst case: blank parents`;
    return row;
  });
}
