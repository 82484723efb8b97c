import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RawRow } from './engine.js';
import { type EngineOp, MemoryEngine } from './memory-engine.js';
import { TransactionBatcher } from './transaction-batcher.js';

const row = (pk: string, n = 0): RawRow => ({ pk, body: new Uint8Array([n]) });

/** A memory engine whose commits become durable only when the test says so, and can be made to fail. */
class GatedEngine extends MemoryEngine {
  gates: Array<{ ops: readonly EngineOp[]; open: () => void; fail: (e: unknown) => void }> = [];
  gated = true;
  protected override onCommit(ops: readonly EngineOp[]): Promise<void> | undefined {
    if (!this.gated) return undefined;
    return new Promise<void>((open, fail) => {
      this.gates.push({ ops, open, fail });
    });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('TransactionBatcher', () => {
  test('writes issued in the same tick share one engine transaction, in call order', async () => {
    const engine = new GatedEngine();
    engine.gated = false;
    const b = new TransactionBatcher(engine);
    const done = Array.from({ length: 50 }, (_, i) =>
      b.run('rw', (tx) => tx.put('kv', [row(`k${i % 10}`, i)])),
    );
    await Promise.all(done);
    assert.equal(b.commits, 1);
    const rows = await engine.run('r', (tx) => tx.all('kv'));
    assert.equal(rows.length, 10);
    // the last write of each key wins: call order is kept inside the batch
    for (const r of rows) assert.equal(r.body[0], 40 + Number(r.pk.slice(1)));
  });

  test('each caller resolves only after its batch is durable; later writes form the next batch', async () => {
    const engine = new GatedEngine();
    const b = new TransactionBatcher(engine);
    const settled: string[] = [];
    const first = b.run('rw', (tx) => tx.put('kv', [row('a')])).then(() => settled.push('a'));
    await tick();
    assert.equal(engine.gates.length, 1, 'the first batch is being written');
    const second = b.run('rw', (tx) => tx.put('kv', [row('b')])).then(() => settled.push('b'));
    const third = b.run('rw', (tx) => tx.put('kv', [row('c')])).then(() => settled.push('c'));
    await tick();
    assert.deepEqual(settled, [], 'nothing resolves before its commit is durable');
    assert.equal(engine.gates.length, 1, 'the next batch waits for the one being written');
    engine.gates[0]?.open();
    await first;
    await tick();
    assert.equal(engine.gates.length, 2);
    assert.deepEqual(
      engine.gates[1]?.ops.map((o) => (o.op === 'put' ? o.row.pk : '')),
      ['b', 'c'],
      'both later writes share the second transaction',
    );
    assert.deepEqual(settled, ['a']);
    engine.gates[1]?.open();
    await Promise.all([second, third]);
    assert.deepEqual(settled, ['a', 'b', 'c']);
  });

  test('a read issued after queued writes runs after them and sees them', async () => {
    const engine = new GatedEngine();
    engine.gated = false;
    const b = new TransactionBatcher(engine);
    void b.run('rw', (tx) => tx.put('kv', [row('x', 7)]));
    const got = await b.run('r', (tx) => tx.get('kv', 'x'));
    assert.equal(got?.body[0], 7);
    // with nothing queued, a read runs on its own
    await b.drain();
    assert.ok(b.idle);
    assert.equal((await b.run('r', (tx) => tx.get('kv', 'x')))?.body[0], 7);
  });

  test('an operation that throws fails alone; the rest of its batch commits', async () => {
    const engine = new GatedEngine();
    engine.gated = false;
    const b = new TransactionBatcher(engine);
    let runs = 0;
    const ok1 = b.run('rw', async (tx) => {
      runs++;
      await tx.put('kv', [row('ok1')]);
      return 'one';
    });
    const bad = b.run('rw', async (tx) => {
      await tx.put('kv', [row('bad')]);
      throw new Error('boom');
    });
    const ok2 = b.run('rw', (tx) => tx.put('kv', [row('ok2')]));
    await assert.rejects(bad, /boom/);
    assert.equal(await ok1, 'one');
    await ok2;
    assert.equal(runs, 2, 'the operation before the failing one ran again in a fresh transaction');
    const pks = (await engine.run('r', (tx) => tx.all('kv'))).map((r) => r.pk).sort();
    assert.deepEqual(pks, ['ok1', 'ok2'], 'nothing of the failed operation was kept');
  });

  test('a failed commit fails every operation of the batch and none resolves', async () => {
    const engine = new GatedEngine();
    const b = new TransactionBatcher(engine);
    const ops = [1, 2, 3].map((i) => b.run('rw', (tx) => tx.put('kv', [row(`k${i}`)])));
    await tick();
    engine.gates[0]?.fail(new Error('disk full'));
    for (const p of ops) await assert.rejects(p, /disk full/);
    engine.gated = false;
    await b.run('rw', (tx) => tx.put('kv', [row('later')]));
    await b.drain();
    assert.ok(b.idle);
  });

  test('at most maxOps operations share a transaction; drain waits for all', async () => {
    const engine = new GatedEngine();
    engine.gated = false;
    const b = new TransactionBatcher(engine, 4);
    const all = Array.from({ length: 10 }, (_, i) => b.run('rw', (tx) => tx.put('kv', [row(`k${i}`)])));
    await b.drain();
    assert.equal(b.commits, 3);
    await Promise.all(all);
    assert.throws(() => new TransactionBatcher(engine, 0), RangeError);
  });
});
