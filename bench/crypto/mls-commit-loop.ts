/**
 * A fixed amount of MLS commit work for instruction counting, immune to other load on the machine (see
 * `ratchet-loop.ts` for the method):
 *
 * ```
 * valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
 *   node --conditions=source --import tsx bench/crypto/mls-commit-loop.ts remove 100 2
 * ```
 * Run it with two counts (e.g. 2 and 6) and divide the difference of the `I refs` totals by the difference of
 * the counts: instructions per commit, group set-up excluded. Arguments: `add` (each round adds one member) or
 * `remove` (each round adds one member, then removes it: the figure is add + remove), the group size, the
 * number of rounds, then the backend (`native`, the default, or `js`).
 *
 * @module
 */
import { createMlsMember, MlsGroup } from '../../sdk/src/crypto/group/index.js';
import { setCryptoBackend } from '../../sdk/src/crypto/primitives/index.js';

setCryptoBackend(process.argv[5] === 'js' ? 'js' : 'auto');

const enc = new TextEncoder();
const remove = process.argv[2] === 'remove';
const size = Number(process.argv[3] ?? 100);
const rounds = Number(process.argv[4] ?? 2);
const alice = await MlsGroup.create(enc.encode(`loop-${size}`), await createMlsMember(enc.encode('m0')));
const keyPackages: Uint8Array[] = [];
for (let i = 1; i < size; i++)
  keyPackages.push((await createMlsMember(enc.encode(`m${i}`))).encodedKeyPackage());
await alice.add(keyPackages);
// always the same set-up, whatever the number of rounds (at most MAX_ROUNDS), so it cancels out in the difference
const MAX_ROUNDS = 8;
if (!(rounds >= 1 && rounds <= MAX_ROUNDS)) throw new RangeError(`rounds must be 1..${MAX_ROUNDS}`);
const extras: Uint8Array[] = [];
for (let i = 0; i < MAX_ROUNDS; i++)
  extras.push((await createMlsMember(enc.encode(`extra-${i}`))).encodedKeyPackage());
for (let i = 0; i < rounds; i++) {
  await alice.add([extras[i] as Uint8Array]);
  if (remove) await alice.remove([enc.encode(`extra-${i}`)]);
}
process.stdout.write(`${rounds} rounds at ${size} members, epoch ${alice.epoch}\n`);
