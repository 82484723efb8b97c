import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CIPHERTEXT_BYTES, randomId } from '../protocol/index.js';
import { createMemoryEngineData, openMemoryStore, type QueuedOutboxRecord } from '../store/index.js';
import { Outbox } from './outbox.js';

const settle = () => new Promise((r) => setImmediate(r));

test('validates input, is idempotent per msgId, bounds the queue, reports permanent refusals, closes', async () => {
  const store = await openMemoryStore();
  const sent: QueuedOutboxRecord[] = [];
  const outbox = new Outbox({ store, maxQueued: 2, transport: { send: (r) => void sent.push(r) } });
  const room = randomId();
  const id = randomId();
  await assert.rejects(outbox.enqueue('short', id, new Uint8Array(1)), { code: 'OUTBOX_INVALID' });
  await assert.rejects(outbox.enqueue(room, 'x', new Uint8Array(1)), { code: 'OUTBOX_INVALID' });
  await assert.rejects(outbox.enqueue(room, id, new Uint8Array(MAX_CIPHERTEXT_BYTES + 1)), {
    code: 'OUTBOX_TOO_LARGE',
  });
  const a = await outbox.enqueue(room, id, Uint8Array.from([1]));
  const again = await outbox.enqueue(room, id, Uint8Array.from([1]));
  assert.equal(again.seq, a.seq, 'enqueue is idempotent per msgId');
  await outbox.enqueue(room, randomId(), Uint8Array.from([2]));
  await assert.rejects(outbox.enqueue(room, randomId(), Uint8Array.from([3])), { code: 'OUTBOX_FULL' });
  await settle();
  assert.equal(sent.length, 0, 'nothing is sent while offline');
  await outbox.connected();
  assert.deepEqual(
    sent.map((r) => [r.msgId, r.attempts]),
    [
      [id, 1],
      [sent[1]?.msgId, 1],
    ],
  );
  const failed: string[] = [];
  outbox.on('failed', (f) => failed.push(`${f.msgId}:${f.error.code}`));
  await outbox.nack(id, 'RELAY_NO_ROOM', true);
  assert.deepEqual(failed, [`${id}:OUTBOX_REJECTED`]);
  assert.equal(await store.outbox.count(), 1);
  assert.equal(await outbox.ack({ msgId: sent[1]!.msgId, offset: 0 }), true);
  assert.equal(await outbox.ack({ msgId: sent[1]!.msgId, offset: 0 }), false, 'a second ack is harmless');
  assert.equal(await store.outbox.count(), 0);
  await outbox.close();
  await assert.rejects(outbox.enqueue(room, randomId(), new Uint8Array(1)), { code: 'OUTBOX_CLOSED' });
  await store.close();
});

test('a transport that throws means offline: the message stays queued and goes out on the next connect', async () => {
  const store = await openMemoryStore();
  let up = false;
  const sent: string[] = [];
  const outbox = new Outbox({
    store,
    transport: {
      send: (r) => {
        if (!up) throw new Error('socket closed');
        sent.push(r.msgId);
      },
    },
  });
  const room = randomId();
  await outbox.connected(); // believes it is connected, but the socket is gone
  const id = randomId();
  await outbox.enqueue(room, id, new Uint8Array(1));
  await settle();
  assert.equal(outbox.online, false);
  assert.deepEqual(sent, []);
  up = true;
  await outbox.connected();
  assert.deepEqual(sent, [id]);
  assert.deepEqual(
    (await outbox.pending()).map((r) => r.attempts),
    [2],
  );
  await outbox.close();
  await store.close();
});

test('withdraw takes back only messages that never left, all or none; a restored record may have left', async () => {
  const data = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(3);
  let store = await openMemoryStore({ data, rawKey });
  const sent: string[] = [];
  let outbox = new Outbox({ store, maxInFlight: 1, transport: { send: (r) => void sent.push(r.msgId) } });
  const room = randomId();
  const [a, b, c] = [randomId(), randomId(), randomId()];
  for (const id of [a, b, c]) await outbox.enqueue(room, id, Uint8Array.from([1]));
  assert.equal(await outbox.withdraw([]), false, 'nothing to take back');
  assert.equal(await outbox.withdraw([randomId()]), false, 'an unknown message');
  await outbox.connected();
  assert.deepEqual(sent, [a], 'one in flight');
  assert.equal(await outbox.withdraw([a]), false, 'in flight: it may reach the relay');
  assert.equal(await outbox.withdraw([b, a]), false, 'all or none');
  assert.equal(await store.outbox.count(), 3, 'a refused withdraw changes nothing');
  outbox.disconnected();
  assert.equal(await outbox.withdraw([a]), false, 'sent once: it may have reached the relay');
  assert.equal(await outbox.withdraw([b, b]), true, 'never sent');
  assert.deepEqual(
    (await store.outbox.list()).map((r) => r.msgId),
    [a, c],
    'removed from the store',
  );
  // A restart: the record of c was stored by the process before, which may have sent it.
  await outbox.close();
  await store.close();
  store = await openMemoryStore({ data, rawKey });
  sent.length = 0;
  outbox = new Outbox({ store, transport: { send: (r) => void sent.push(r.msgId) } });
  assert.equal(await outbox.withdraw([c]), false, 'restored from the store');
  const d = randomId();
  await outbox.enqueue(room, d, Uint8Array.from([2]));
  assert.equal(await outbox.withdraw([d]), true, 'enqueued by this outbox, never sent');
  await outbox.connected();
  assert.deepEqual(sent, [a, c], 'the withdrawn messages are never sent');
  await outbox.close();
  await assert.rejects(outbox.withdraw([a]), { code: 'OUTBOX_CLOSED' });
  await store.close();
});
