import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { IndexName, RawRow } from './engine.js';
import { naiveQuery } from './engine-model.js';
import { MemoryEngine } from './memory-engine.js';

const BODY = new Uint8Array([1]);
const room = fc.constantFrom('a', 'b', 'c');
const num = fc.integer({ min: -5, max: 30 });
const row = fc
  .record(
    {
      pk: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'),
      room,
      msg: room,
      offset: num,
      ts: num,
      exp: num,
      seq: num,
    },
    { requiredKeys: ['pk'] },
  )
  .map((r): RawRow => ({ ...r, body: BODY }));
const query = fc.record(
  {
    index: fc.constantFrom<IndexName>('room+offset', 'room+seq', 'msg', 'room', 'exp', 'ts', 'seq'),
    prefix: room,
    lower: num,
    upper: num,
    lowerOpen: fc.boolean(),
    upperOpen: fc.boolean(),
    limit: fc.integer({ min: 1, max: 10 }),
    reverse: fc.boolean(),
  },
  { requiredKeys: ['index'] },
);
const op = fc.oneof(
  fc.record({ put: fc.array(row, { maxLength: 4 }) }),
  fc.record({ del: fc.array(fc.constantFrom('p1', 'p2', 'p3', 'p9'), { maxLength: 3 }) }),
  fc.record({ q: query }),
);

test('memory engine index queries match a naive model', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      const engine = new MemoryEngine();
      const model = new Map<string, RawRow>();
      for (const o of ops) {
        if ('put' in o) {
          await engine.run('rw', (tx) => tx.put('messages', o.put));
          for (const r of o.put) model.set(r.pk, r);
        } else if ('del' in o) {
          await engine.run('rw', (tx) => tx.delete('messages', o.del));
          for (const pk of o.del) model.delete(pk);
        } else {
          const got = await engine.run('r', (tx) => tx.query('messages', o.q));
          assert.deepEqual(
            got.map((r) => r.pk),
            naiveQuery(model.values(), o.q),
          );
        }
      }
    }),
    { numRuns: 400 },
  );
});

test('a failed transaction rolls back every write', async () => {
  const engine = new MemoryEngine();
  await engine.run('rw', (tx) => tx.put('kv', [{ pk: 'a', body: BODY }]));
  await assert.rejects(
    engine.run('rw', async (tx) => {
      await tx.put('kv', [{ pk: 'b', body: BODY }]);
      await tx.delete('kv', ['a']);
      throw new Error('abort');
    }),
    /abort/,
  );
  assert.deepEqual(
    (await engine.run('r', (tx) => tx.all('kv'))).map((r) => r.pk),
    ['a'],
  );
});
