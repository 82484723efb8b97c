/**
 * MLS figures at several group sizes: application send and receive, add and remove commits.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { createMlsMember, MlsGroup } from '../../sdk/src/crypto/group/index.js';
import { randomBytes } from '../../sdk/src/crypto/primitives/index.js';
import { syncBackends, underBackends } from './backends.js';
import { cpuMs, measure, type Row, verdict } from './harness.js';

const enc = new TextEncoder();

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

/** Runs the MLS benchmarks on both backends; `sizes` are member counts. */
export async function benchGroups(sizes: number[] = [10, 100, 1000]): Promise<Row[]> {
  return underBackends(syncBackends(), () => benchGroupsOnce(sizes));
}

async function benchGroupsOnce(sizes: number[]): Promise<Row[]> {
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
    // add then remove one member, alternately; each is one commit by alice (bob is not kept in sync here)
    const addRows: number[] = [];
    const removeRows: number[] = [];
    const addCpu: number[] = [];
    const removeCpu: number[] = [];
    const iterations = size >= 1000 ? 3 : 5;
    for (let i = 0; i < iterations; i++) {
      const extra = await createMlsMember(enc.encode(`extra-${i}`));
      const kp = extra.encodedKeyPackage();
      let t = performance.now();
      let c = process.cpuUsage();
      await alice.add([kp]);
      addRows.push(performance.now() - t);
      addCpu.push(cpuMs(process.cpuUsage(c)));
      t = performance.now();
      c = process.cpuUsage();
      await alice.remove([enc.encode(`extra-${i}`)]);
      removeRows.push(performance.now() - t);
      removeCpu.push(cpuMs(process.cpuUsage(c)));
    }
    const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    for (const [name, xs, cpu] of [
      ['add', addRows, addCpu],
      ['remove', removeRows, removeCpu],
    ] as const) {
      const ms = avg(xs);
      const row: Row = {
        name: `MLS ${name} commit @ ${size}`,
        msPerOp: ms,
        opsPerSec: 1000 / ms,
        cpuMsPerOp: avg(cpu),
        iterations: xs.length,
      };
      if (size === 100) row.note = verdict(row, 30, 'target <= 30 ms');
      rows.push(row);
    }
  }
  return rows;
}
