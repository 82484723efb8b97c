/**
 * Crypto benchmark: `node --conditions=source --import tsx bench/crypto/index.ts` (or `npm run bench -- crypto`).
 * Prints ops/s, ms/op and CPU ms/op on one core for each crypto backend (`[native]` = node:crypto through the
 * sdk wrappers, `[js]` = noble, `[web]` = what browsers run for the async curve paths), with ratios against raw
 * node:crypto where it has the same primitive. Pass `--quick` to skip the 1,000-member MLS group.
 *
 * @module
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchGroups } from './groups.js';
import { printTable } from './harness.js';
import { benchPrimitives } from './primitives.js';
import { benchSessions } from './sessions.js';

const t0 = performance.now();
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
process.stdout.write(
  `CrypTalk crypto benchmark — Node ${process.version}, ${process.arch}, load ${load()}\n`,
);
printTable('Primitives (sdk/src/crypto wrappers on each backend)', await benchPrimitives());
printTable('1:1 sessions and at-rest', await benchSessions());
const quick = process.argv.includes('--quick');
printTable(
  'MLS rooms (MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519)',
  await benchGroups(quick ? [10, 100] : [10, 100, 1000]),
);
process.stdout.write(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}\n`);
