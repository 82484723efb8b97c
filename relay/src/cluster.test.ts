import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  ciphertext,
  type RelayProcess,
  roomId,
  startRedis,
  startRelayProcess,
  TestClient,
  type TestRedis,
} from './testing/index.js';

let redis: TestRedis;
const nodes: RelayProcess[] = [];

before(async () => {
  redis = await startRedis();
  const args = [
    '--store',
    'redis',
    '--redis-url',
    redis.url,
    '--conn-frames-per-sec',
    '5000',
    '--conn-frames-burst',
    '5000',
  ];
  // Started one after the other: each is tracked (and stopped in `after`) as soon as it runs.
  for (let i = 0; i < 2; i++) nodes.push(await startRelayProcess(args));
});
after(async () => {
  await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
  await redis?.stop();
});

const TOTAL = 400;
const WINDOW = 16;

test('two relays on one Redis: chat across nodes; a node killed mid-stream loses and duplicates nothing', async () => {
  const [a, b] = nodes as [RelayProcess, RelayProcess];
  const room = roomId();
  const secret = randomBytes(32);
  let sender = await TestClient.connect(a.url, { deviceSecret: secret });
  const joined = await sender.join(room);
  const receiver = await TestClient.connect(b.url);
  await receiver.join(room);
  await receiver.next((f) => f.t === 'drained');

  const msgs = Array.from({ length: TOTAL }, (_, i) => ({
    msgId: randomBytes(16).toString('base64url'),
    ct: `${ciphertext(8)}${i}`,
  }));
  const acked = new Map<string, number>();
  const pending = new Set<number>();
  let nextToSend = 0;
  let killed = false;

  const sendOne = (i: number) => {
    const m = msgs[i]!;
    pending.add(i);
    sender.send({ v: 1, t: 'publish', room, msgId: m.msgId, epoch: 0, ct: m.ct });
  };
  // Pipelined publishing with a window; acks arrive on the sender's socket.
  const pump = async (client: TestClient) => {
    while (acked.size < TOTAL) {
      while (pending.size < WINDOW && nextToSend < TOTAL) sendOne(nextToSend++);
      const died = client.closed.then(() => undefined);
      const f = await Promise.race([client.next((x) => x.t === 'ack' || x.t === 'error', 20_000), died]);
      if (f === undefined) return false; // the node died
      if (f.t === 'error') throw new Error(`unexpected error ${f.code}`);
      if (f.t !== 'ack') continue;
      const i = msgs.findIndex((m) => m.msgId === f.msgId);
      assert.ok(i >= 0);
      pending.delete(i);
      const before = acked.get(f.msgId);
      if (before !== undefined) assert.equal(f.offset, before, 'a re-sent msgId keeps its offset');
      acked.set(f.msgId, f.offset);
      if (!killed && acked.size >= TOTAL / 3) {
        killed = true;
        await a.stop('SIGKILL');
      }
    }
    return true;
  };
  const done = await pump(sender);
  assert.equal(done, false, 'node A was killed mid-stream');
  const seenBeforeKill = sender.takeDeliveries(room);
  // Reconnect to the surviving node, resume from the last offset seen, re-send what was not acked.
  const lastSeen = seenBeforeKill.reduce((m, d) => Math.max(m, d.offset), -1);
  sender = await TestClient.connect(b.url, { deviceSecret: secret });
  const resumed = await sender.join(room, { resume: { epoch: joined.epoch, offset: lastSeen + 1 } });
  assert.equal(resumed.recovered, true);
  for (const i of [...pending].sort((x, y) => x - y)) sendOne(i);
  assert.equal(await pump(sender), true);

  // The receiver on node B got every message exactly once, in offset order.
  for (let i = 0; i < 200; i++) {
    if (
      new Set(receiver.frames.filter((f) => f.t === 'deliver').map((f) => f.t === 'deliver' && f.env.msgId))
        .size >= TOTAL
    )
      break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const got = receiver.takeDeliveries(room);
  const offsets = got.map((d) => d.offset);
  assert.deepEqual(
    offsets,
    [...offsets].sort((x, y) => x - y),
    'order kept',
  );
  assert.equal(new Set(offsets).size, offsets.length, 'no offset delivered twice');
  assert.equal(new Set(got.map((d) => d.msgId)).size, TOTAL, 'every message arrived');
  assert.equal(got.length, TOTAL, 'nothing duplicated after dedupe');
  for (const d of got) assert.equal(acked.get(d.msgId), d.offset);
  // The sender itself saw everything too: before the kill plus the resumed backlog and live tail.
  await sender.next((f) => f.t === 'drained');
  for (
    let i = 0;
    i < 100 && seenBeforeKill.length + sender.frames.filter((f) => f.t === 'deliver').length < TOTAL;
    i++
  ) {
    await new Promise((r) => setTimeout(r, 25));
  }
  const senderAll = [...seenBeforeKill, ...sender.takeDeliveries(room)].map((d) => d.offset);
  assert.deepEqual(
    senderAll,
    Array.from({ length: TOTAL }, (_, i) => i),
  );
  sender.close();
  receiver.close();
});
