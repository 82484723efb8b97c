import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomId } from '../protocol/index.js';
import { createMemoryEngineData, openMemoryStore, type Store } from '../store/index.js';
import { Outbox } from './outbox.js';

const settle = () => new Promise((r) => setImmediate(r));

/** A store whose transactions are counted and can be made to fail. */
function instrumented(store: Store) {
  const s = {
    transactions: 0,
    failNext: false,
    outbox: store.outbox,
    transaction: <R>(fn: Parameters<Store['transaction']>[0]): Promise<R> => {
      s.transactions++;
      if (s.failNext) {
        s.failNext = false;
        return store.transaction(async (tx) => {
          await fn(tx);
          throw new Error('disk full');
        }) as Promise<R>;
      }
      return store.transaction(fn) as Promise<R>;
    },
  };
  return s;
}

test('concurrent enqueues share one transaction, resolve only once stored, and go out in order', async () => {
  const store = await openMemoryStore();
  const s = instrumented(store);
  const sent: string[] = [];
  const outbox = new Outbox({ store: s, maxInFlight: 1000, transport: { send: (r) => sent.push(r.msgId) } });
  await outbox.connected();
  const room = randomId();
  const ids = Array.from({ length: 200 }, () => randomId());
  const before = s.transactions;
  const records = await Promise.all(ids.map((id) => outbox.enqueue(room, id, new Uint8Array([1]))));
  assert.ok(s.transactions - before <= 2, `200 enqueues took ${s.transactions - before} transactions`);
  assert.deepEqual(
    records.map((r) => r.msgId),
    ids,
  );
  assert.equal(await store.outbox.count(), 200, 'every resolved enqueue is in the store');
  await settle();
  assert.deepEqual(sent, ids, 'sent in enqueue order');
  // Acks batch the same way.
  const acked = before + (s.transactions - before);
  await Promise.all(ids.map((msgId, offset) => outbox.ack({ msgId, offset })));
  assert.ok(s.transactions - acked <= 2, `200 acks took ${s.transactions - acked} transactions`);
  assert.equal(await store.outbox.count(), 0);
  await outbox.close();
  await store.close();
});

test('a failed batch rejects all of its enqueues, sends none of them, and a restart finds exactly what was stored', async () => {
  const data = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(7);
  const store = await openMemoryStore({ data, rawKey });
  const s = instrumented(store);
  const sent: string[] = [];
  const outbox = new Outbox({ store: s, transport: { send: (r) => sent.push(r.msgId) } });
  await outbox.connected();
  const room = randomId();
  const ok = randomId();
  await outbox.enqueue(room, ok, new Uint8Array([1]));
  s.failNext = true;
  const doomed = [randomId(), randomId(), randomId()];
  const results = await Promise.allSettled(doomed.map((id) => outbox.enqueue(room, id, new Uint8Array([2]))));
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
  );
  await settle();
  assert.deepEqual(sent, [ok], 'nothing of the failed batch left');
  assert.deepEqual(
    (await outbox.pending()).map((r) => r.msgId),
    [ok],
    'the in-memory queue matches the store',
  );
  // The ack of the sent message is written; then the process dies and a new outbox reloads the store.
  assert.equal(await outbox.ack({ msgId: ok, offset: 0 }), true);
  const again = randomId();
  await outbox.enqueue(room, again, new Uint8Array([3]));
  await outbox.close();
  await store.close();
  const reopened = await openMemoryStore({ data, rawKey });
  const resent: string[] = [];
  const next = new Outbox({ store: reopened, transport: { send: (r) => resent.push(r.msgId) } });
  assert.deepEqual(
    (await next.pending()).map((r) => r.msgId),
    [again],
  );
  await next.connected();
  assert.deepEqual(resent, [again], 'nothing acked is sent again, nothing queued is lost');
  await next.close();
  await reopened.close();
});

test('forgetRoom drops a room from the in-memory queue: nothing of it is sent afterwards', async () => {
  const store = await openMemoryStore();
  const sent: string[] = [];
  let up = false;
  const outbox = new Outbox({
    store,
    transport: {
      send: (r) => {
        if (!up) throw new Error('offline');
        sent.push(r.msgId);
      },
    },
  });
  const [gone, kept] = [randomId(), randomId()];
  const a = randomId();
  const b = randomId();
  await outbox.enqueue(gone, a, new Uint8Array([1]));
  await outbox.enqueue(kept, b, new Uint8Array([1]));
  await store.messages.deleteRoom(gone); // what dropping a room does to the store
  await outbox.forgetRoom(gone);
  up = true;
  await outbox.connected();
  assert.deepEqual(sent, [b]);
  await outbox.close();
  await store.close();
});
