/**
 * Crypto benchmark: `node --conditions=source --import tsx bench/crypto/index.ts` (or `npm run bench -- crypto`).
 * Prints ops/s and ms/op on one core, with ratios against node:crypto where it has the same primitive.
 * Pass `--quick` to skip the 1,000-member MLS group.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { benchGroups } from './groups.js';
import { printTable } from './harness.js';
import { benchPrimitives } from './primitives.js';
import { benchSessions } from './sessions.js';

const t0 = performance.now();
process.stdout.write(`CrypTalk crypto benchmark — Node ${process.version}, ${process.arch}\n`);
printTable('Primitives (ours = noble through sdk/src/crypto wrappers)', await benchPrimitives());
printTable('1:1 sessions and at-rest', await benchSessions());
const quick = process.argv.includes('--quick');
printTable(
  'MLS rooms (MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519)',
  await benchGroups(quick ? [10, 100] : [10, 100, 1000]),
);
process.stdout.write(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
