/**
 * Crypto benchmark: `node --conditions=source --import tsx bench/crypto/index.ts` (or `npm run bench -- crypto`).
 * Prints ops/s, ms/op and CPU ms/op on one core for each crypto backend (`[native]` = node:crypto through the
 * sdk wrappers, `[js]` = noble, `[web]` = what browsers run for the async curve paths), with ratios against raw
 * node:crypto where it has the same primitive. Pass `--quick` to skip the 1,000-member MLS group,
 * `--only=primitives,sessions,at-rest,groups,groups-chromium` to run some sections only, and `--sizes=100,1000` for the MLS group sizes
 * (for example, to profile one figure:
 * `node --conditions=source --import tsx --cpu-prof bench/crypto/index.ts --only=groups --sizes=100`).
 *
 * @module
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchGroups } from './groups.js';
import { benchGroupsChromium } from './groups-browser.js';
import { printTable } from './harness.js';
import { benchPrimitives } from './primitives.js';
import { benchAtRest, benchSessions } from './sessions.js';

const t0 = performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
process.stdout.write(
  `CrypTalk crypto benchmark — Node ${process.version}, ${process.arch}, load ${load()}\n`,
);
const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined;
const only = arg('only')?.split(',');
const run = (section: string) => !only || only.includes(section);
const quick = process.argv.includes('--quick');
const sizes = arg('sizes')?.split(',').map(Number) ?? (quick ? [10, 100] : [10, 100, 1000]);
if (run('primitives'))
  printTable('Primitives (sdk/src/crypto wrappers on each backend)', await benchPrimitives());
if (run('sessions')) printTable('1:1 sessions', await benchSessions());
if (run('at-rest')) printTable('At-rest records (RecordCipher)', await benchAtRest());
if (run('groups'))
  printTable('MLS rooms (MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519)', await benchGroups(sizes));
if (run('groups-chromium'))
  printTable("MLS commits in Chromium (what the widget's Worker runs)", await benchGroupsChromium());
process.stdout.write(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}\n`);
