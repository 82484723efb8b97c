/**
 * MLS figures at several group sizes: application send and receive, add and remove commits.
 *
 * Two trees are measured for the commits:
 * - worst case: the group is made by one commit adding everyone, so every parent node is blank and a commit's
 *   UpdatePath encrypts its path secrets to every leaf of each copath subtree (about one HPKE seal per member);
 * - realistic (`filled`): after every fourth member has committed an update (as members do over time, for
 *   post-compromise security), every parent node above the lowest level holds a key, so a commit seals to about
 *   one node per level (two at the lowest).
 *
 * An add-only commit carries no UpdatePath (RFC 9420 §12.4: a path is optional then), so the add rows cost no
 * HPKE seal to the tree; a remove commit must carry one, and in the worst case it seals its path secrets to
 * about one leaf per member: two X25519 operations, five HMACs and one AEAD each, plus ts-mls encoding the new
 * group context for each.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { createMlsMember, MlsGroup } from '../../sdk/src/crypto/group/index.js';
import { randomBytes } from '../../sdk/src/crypto/primitives/index.js';
import { type BenchBackend, syncBackends, underBackends } from './backends.js';
import { commitRounds, mean } from './commit-rounds.js';
import { cpuMs, measure, type Row, verdict } from './harness.js';

const enc = new TextEncoder();

/** Largest group for which the filled tree is built (its set-up processes about size²/32 commits). */
const FILLED_MAX_SIZE = 100;
/** Every `FILLED_STRIDE`-th member commits an update when the filled tree is built. */
const FILLED_STRIDE = 4;

async function buildGroup(size: number): Promise<{ alice: MlsGroup; bob: MlsGroup; setupMs: number }> {
  const t0 = performance.now();
  const alice = await MlsGroup.create(enc.encode(`bench-${size}`), await createMlsMember(enc.encode('m0')));
  const bobMember = await createMlsMember(enc.encode('m1'));
  const kps = [bobMember.encodedKeyPackage()];
  for (let i = 2; i < size; i++) kps.push((await createMlsMember(enc.encode(`m${i}`))).encodedKeyPackage());
  const { welcome } = await alice.add(kps);
  const bob = await MlsGroup.join(welcome as Uint8Array, bobMember);
  return { alice, bob, setupMs: performance.now() - t0 };
}

/**
 * A group of `size` whose parent nodes are filled: everyone is added by one commit, then the members at leaves
 * 4, 8, 12, … commit an update each (every parent node above the lowest level lies on the direct path of such a
 * leaf; alice is leaf 0). Each committer first processes the commits before its own, as a real member would.
 */
async function buildFilledGroup(
  size: number,
): Promise<{ alice: MlsGroup; commits: number; setupMs: number }> {
  const t0 = performance.now();
  const alice = await MlsGroup.create(enc.encode(`filled-${size}`), await createMlsMember(enc.encode('m0')));
  const members = [];
  for (let i = 1; i < size; i++) members.push(await createMlsMember(enc.encode(`m${i}`)));
  const { welcome } = await alice.add(members.map((m) => m.encodedKeyPackage()));
  const leaves = alice.members();
  const committers: MlsGroup[] = [];
  for (let leaf = FILLED_STRIDE; leaf < size; leaf += FILLED_STRIDE) {
    const member = members[leaf - 1];
    if (!member || new TextDecoder().decode(leaves[leaf]) !== `m${leaf}`)
      throw new Error(`bench: member m${leaf} is not at leaf ${leaf}`);
    committers.push(await MlsGroup.join(welcome as Uint8Array, member));
  }
  for (let i = 0; i < committers.length; i++) {
    const { commit } = await (committers[i] as MlsGroup).update();
    await alice.process(commit);
    for (let j = i + 1; j < committers.length; j++) await (committers[j] as MlsGroup).process(commit);
  }
  return { alice, commits: committers.length, setupMs: performance.now() - t0 };
}

/** Largest group measured under `web` (noble HMAC and AEAD in JavaScript, WebCrypto curves). */
const WEB_MAX_SIZE = 100;

/**
 * Runs the MLS benchmarks on both synchronous backends, then under `web` (what a browser runs: the provider's
 * HPKE X25519 and Ed25519 through WebCrypto, the rest in noble) for groups of up to {@link WEB_MAX_SIZE};
 * `sizes` are member counts.
 */
export async function benchGroups(sizes: number[] = [10, 100, 1000]): Promise<Row[]> {
  const webSizes = sizes.filter((n) => n <= WEB_MAX_SIZE);
  return [
    ...(await underBackends(syncBackends(), (backend) => benchGroupsOnce(sizes, backend))),
    ...(webSizes.length ? await underBackends(['web'], (backend) => benchGroupsOnce(webSizes, backend)) : []),
  ];
}

/**
 * Add then remove one member, alternately, after warm-up rounds (see {@link commitRounds}). Returns the add and
 * remove rows, named with `label`: the mean of the measured rounds; the first round of all (the process's first
 * commit of that shape, before V8 has optimised the code) is in the row's note, since a client that commits
 * rarely pays that figure instead.
 */
async function commitRows(alice: MlsGroup, size: number, label: string, note?: string): Promise<Row[]> {
  const cpuNow = () => cpuMs(process.cpuUsage());
  const figures = await commitRounds(alice, size, label, cpuNow);
  const rows: Row[] = [];
  for (const name of ['add', 'remove'] as const) {
    const { wall, cpu, first } = figures[name];
    const ms = mean(wall);
    const row: Row = {
      name: `MLS ${name} commit @ ${size}${label}`,
      msPerOp: ms,
      opsPerSec: 1000 / ms,
      cpuMsPerOp: mean(cpu),
      iterations: wall.length,
    };
    const notes = [
      size === 100 ? verdict(row, 30, 'target <= 30 ms') : '',
      `max ${Math.max(...wall).toFixed(1)} ms, first (cold) ${first.toFixed(1)} ms`,
      note ?? '',
    ];
    row.note = notes.filter(Boolean).join('; ');
    rows.push(row);
  }
  return rows;
}

async function benchGroupsOnce(sizes: number[], backend: BenchBackend): Promise<Row[]> {
  const rows: Row[] = [];
  const msg = randomBytes(200);
  for (const size of sizes) {
    const { alice, bob, setupMs } = await buildGroup(size);
    const budget = size >= 1000 ? 300 : 400;
    const send = await measure(`MLS send 200 B @ ${size}`, () => alice.encrypt(msg), { budgetMs: budget });
    send.note = `group setup ${(setupMs / 1000).toFixed(1)} s`;
    rows.push(send);
    rows.push(
      await measure(`MLS send+receive 200 B @ ${size}`, async () => alice.process(await bob.encrypt(msg)), {
        budgetMs: budget,
      }),
    );
    if (size < 100) continue;
    rows.push(...(await commitRows(alice, size, '', 'worst case: blank parents')));
    // the filled tree's set-up is long on noble (js): built on the native backend only
    if (size > FILLED_MAX_SIZE || backend !== 'native') continue;
    const filled = await buildFilledGroup(size);
    rows.push(
      ...(await commitRows(
        filled.alice,
        size,
        ' (filled tree)',
        `parents filled by ${filled.commits} update commits, setup ${(filled.setupMs / 1000).toFixed(1)} s`,
      )),
    );
  }
  return rows;
}
