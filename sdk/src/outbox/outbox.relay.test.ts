import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { roomId, TestClient } from '../../../relay/src/testing/index.js';
import { decodeServerFrame, randomId, toBase64url } from '../protocol/index.js';
import { createMemoryEngineData, openMemoryStore, type Store } from '../store/index.js';
import { Outbox } from './outbox.js';

let relay: Relay;
before(async () => {
  relay = await createRelay({ port: 0 });
});
after(() => relay?.close());

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('against the real relay: offline messages are delivered on connect; a crash before the acks resends without duplicates', async () => {
  const room = roomId();
  const deviceSecret = randomBytes(32);
  const data = createMemoryEngineData();
  const rawKey = randomBytes(32);
  const observer = await TestClient.connect(relay.url);
  await observer.join(room);

  let conn: TestClient | undefined;
  const dropConnection = () => {
    conn?.close();
    conn = undefined;
  };
  const makeOutbox = (store: Store, routeAcks: boolean) => {
    const outbox = new Outbox({
      store,
      transport: {
        send: (r) => {
          if (!conn) throw new Error('offline');
          conn.send({
            v: 1,
            t: 'publish',
            room: r.roomId,
            msgId: r.msgId,
            epoch: 0,
            ct: toBase64url(r.payload),
          });
        },
      },
    });
    const connect = async () => {
      conn = await TestClient.connect(relay.url, { deviceSecret });
      await conn.join(room);
      if (routeAcks) {
        conn.ws.on('message', (d) => {
          const f = decodeServerFrame(d.toString());
          if (f.t === 'ack') void outbox.ack(f);
        });
      }
      await outbox.connected();
    };
    return { outbox, connect };
  };

  // 1. Offline: five messages wait in the (encrypted) store.
  let store = await openMemoryStore({ data, rawKey });
  let { outbox, connect } = makeOutbox(store, true);
  const ids: string[] = [];
  const acked = new Map<string, number>();
  outbox.on('acked', (a) => acked.set(a.msgId, a.offset));
  for (let i = 0; i < 5; i++) {
    ids.push(randomId());
    await outbox.enqueue(room, ids[i]!, Uint8Array.from([i]));
  }
  assert.equal(await store.outbox.count(), 5);
  // 2. Connect: delivered in order, acked, removed.
  await connect();
  await until('5 acks', async () => (await store.outbox.count()) === 0);
  assert.deepEqual(
    ids.map((id) => acked.get(id)),
    [0, 1, 2, 3, 4],
  );

  // 3. Three more are sent, the relay stores them, and the process dies before any ack is processed.
  dropConnection();
  outbox.disconnected();
  ({ outbox, connect } = makeOutbox(store, false));
  for (let i = 5; i < 8; i++) {
    ids.push(randomId());
    await outbox.enqueue(room, ids[i]!, Uint8Array.from([i]));
  }
  await connect();
  await until('the relay stored 8', () => observer.frames.filter((f) => f.t === 'deliver').length === 8);
  dropConnection();
  await outbox.close();
  await store.close();

  // 4. Restart from the store: the three are still queued and are sent again; the relay dedupes them.
  store = await openMemoryStore({ data, rawKey });
  assert.equal(await store.outbox.count(), 3, 'unacked messages survived the crash');
  ({ outbox, connect } = makeOutbox(store, true));
  const reacked = new Map<string, number>();
  outbox.on('acked', (a) => reacked.set(a.msgId, a.offset));
  await connect();
  await until('3 acks after the restart', async () => (await store.outbox.count()) === 0);
  assert.deepEqual(
    ids.slice(5).map((id) => reacked.get(id)),
    [5, 6, 7],
    'the duplicates were answered with their original offsets',
  );
  await new Promise((r) => setTimeout(r, 100));
  const delivered = observer.takeDeliveries(room);
  assert.deepEqual(
    delivered.map((d) => d.msgId),
    ids,
    'each message stored and fanned out exactly once, in order',
  );
  assert.deepEqual(
    delivered.map((d) => d.offset),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  dropConnection();
  observer.close();
  await outbox.close();
  await store.close();
});
