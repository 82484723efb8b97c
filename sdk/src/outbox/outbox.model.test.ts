import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { randomId } from '../protocol/index.js';
import {
  createMemoryEngineData,
  type MemoryEngineData,
  openMemoryStore,
  type Store,
} from '../store/index.js';
import { Backoff, type Clock } from '../transport/index.js';
import { Outbox } from './outbox.js';

const ROOMS = [randomId(), randomId()];

/** A relay that behaves like the real one for publishes: dedupes by msgId, answering a duplicate with its offset. */
class FakeRelay {
  readonly log = new Map<string, { msgId: string; payload: string }[]>();
  readonly offsets = new Map<string, number>();
  /** Publishes received per connection, to check the outbox never repeats itself on a healthy connection. */
  readonly received: { epoch: number; msgId: string; rejected: boolean }[] = [];
  toRelay: { msgId: string; roomId: string; payload: Uint8Array }[] = [];
  toClient: ({ t: 'ack'; msgId: string; offset: number } | { t: 'nack'; msgId: string })[] = [];
  connected = false;
  epoch = 0;
  rejectNext = 0;
  rejections = 0;

  deliverToRelay(): void {
    const f = this.toRelay.shift();
    if (!f) return;
    if (this.rejectNext > 0) {
      this.rejectNext--;
      this.rejections++;
      this.received.push({ epoch: this.epoch, msgId: f.msgId, rejected: true });
      this.toClient.push({ t: 'nack', msgId: f.msgId });
      return;
    }
    this.received.push({ epoch: this.epoch, msgId: f.msgId, rejected: false });
    let offset = this.offsets.get(f.msgId);
    if (offset === undefined) {
      const room = this.log.get(f.roomId) ?? [];
      offset = room.length;
      room.push({ msgId: f.msgId, payload: Buffer.from(f.payload).toString('hex') });
      this.log.set(f.roomId, room);
      this.offsets.set(f.msgId, offset);
    }
    this.toClient.push({ t: 'ack', msgId: f.msgId, offset });
  }

  drop(): void {
    this.connected = false;
    this.toRelay = [];
    this.toClient = [];
  }
}

class ManualClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private t = 0;
  private id = 0;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.id;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}

type Cmd =
  | { k: 'enqueue'; room: number }
  | { k: 'toRelay' }
  | { k: 'toClient' }
  | { k: 'disconnect' }
  | { k: 'connect' }
  | { k: 'crash' }
  | { k: 'reject' }
  | { k: 'tick' }
  | { k: 'withdraw'; pick: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(1).map((room) => ({ k: 'enqueue' as const, room })) },
  { weight: 6, arbitrary: fc.constant({ k: 'toRelay' as const }) },
  { weight: 5, arbitrary: fc.constant({ k: 'toClient' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'disconnect' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'connect' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'crash' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reject' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'tick' as const }) },
  { weight: 2, arbitrary: fc.nat(7).map((pick) => ({ k: 'withdraw' as const, pick })) },
);

/** Lets the outbox's queued operations (store calls, pump) finish. */
const settle = () => new Promise((r) => setImmediate(r));

async function runModel(cmds: Cmd[], maxInFlight: number): Promise<void> {
  const data: MemoryEngineData = createMemoryEngineData();
  const rawKey = new Uint8Array(32).fill(9);
  const relay = new FakeRelay();
  const clock = new ManualClock();
  const enqueued = new Map<string, { roomId: string; payload: string }>();
  const order = new Map<string, string[]>();
  /** Withdrawn messages: the relay must never see them, before or after. */
  const withdrawn = new Set<string>();
  /** Sent to the transport by the current outbox (the process that enqueued it may withdraw only the others). */
  const handed = new Set<string>();
  /** Enqueued by the current outbox (restored ones may have been sent before a crash). */
  const mine = new Set<string>();
  let store: Store = await openMemoryStore({ data, rawKey });
  const make = (s: Store) =>
    new Outbox({
      store: s,
      maxInFlight,
      clock,
      backoff: new Backoff({ baseMs: 100, random: () => 0.5 }),
      onError: (e) => assert.fail(`pump error ${String(e)}`),
      transport: {
        send: (r) => {
          handed.add(r.msgId);
          if (!relay.connected) throw new Error('not connected');
          relay.toRelay.push({ msgId: r.msgId, roomId: r.roomId, payload: r.payload });
        },
      },
    });
  let outbox = make(store);
  const deliverToClient = async () => {
    const f = relay.toClient.shift();
    if (!f) return;
    if (f.t === 'ack') await outbox.ack(f);
    else await outbox.nack(f.msgId, 'RELAY_RATE_LIMITED', false);
  };
  const connect = async () => {
    if (relay.connected) return;
    relay.connected = true;
    relay.epoch++;
    await outbox.connected();
  };
  let n = 0;
  for (const c of cmds) {
    switch (c.k) {
      case 'enqueue': {
        const msgId = randomId();
        const roomId = ROOMS[c.room]!;
        const payload = Uint8Array.from([n++, c.room]);
        await outbox.enqueue(roomId, msgId, payload);
        enqueued.set(msgId, { roomId, payload: Buffer.from(payload).toString('hex') });
        mine.add(msgId);
        order.set(roomId, [...(order.get(roomId) ?? []), msgId]);
        break;
      }
      case 'toRelay':
        relay.deliverToRelay();
        break;
      case 'toClient':
        await deliverToClient();
        break;
      case 'disconnect':
        relay.drop();
        outbox.disconnected();
        break;
      case 'connect':
        await connect();
        break;
      case 'crash':
        relay.drop();
        await outbox.close(); // the process dies: only the store survives
        await store.close();
        store = await openMemoryStore({ data, rawKey });
        outbox = make(store);
        mine.clear();
        handed.clear();
        break;
      case 'reject':
        relay.rejectNext++;
        break;
      case 'tick':
        clock.advance(1000);
        break;
      case 'withdraw': {
        const ids = [...enqueued.keys()];
        const msgId = ids[ids.length - 1 - (c.pick % Math.max(1, ids.length))];
        if (!msgId) break;
        const queued = (await store.outbox.list()).some((r) => r.msgId === msgId);
        const allowed = queued && mine.has(msgId) && !handed.has(msgId);
        const took = await outbox.withdraw([msgId]);
        // exactly the messages that never left this outbox are taken back
        assert.equal(
          took,
          allowed,
          `withdraw answered ${took} (queued ${queued}, handed ${handed.has(msgId)})`,
        );
        if (took) {
          assert.ok(
            !relay.received.some((r) => r.msgId === msgId),
            'a withdrawn message had reached the relay',
          );
          withdrawn.add(msgId);
          enqueued.delete(msgId);
          const roomId = ROOMS.find((r) => order.get(r)?.includes(msgId)) as string;
          order.set(
            roomId,
            (order.get(roomId) ?? []).filter((id) => id !== msgId),
          );
        }
        break;
      }
    }
    await settle();
  }
  // Finally the network heals: everything drains.
  for (let i = 0; i < 10_000; i++) {
    await connect();
    if (relay.toRelay.length) relay.deliverToRelay();
    else if (relay.toClient.length) await deliverToClient();
    else if ((await store.outbox.count()) === 0) break;
    else clock.advance(1000);
    await settle();
  }
  assert.equal(await store.outbox.count(), 0, 'the outbox drained');
  // Nothing lost, nothing stored twice, nothing invented.
  const stored = [...relay.log.values()].flat();
  assert.equal(stored.length, enqueued.size, 'every enqueued message stored exactly once');
  for (const s of stored) assert.equal(enqueued.get(s.msgId)?.payload, s.payload);
  assert.ok(!relay.received.some((r) => withdrawn.has(r.msgId)), 'a withdrawn message was sent');
  // On one connection the outbox never sends a message twice unless the relay refused it.
  const seen = new Set<string>();
  for (const r of relay.received) {
    const key = `${r.epoch}/${r.msgId}`;
    assert.ok(!seen.has(key), 'a message was resent on a healthy connection');
    if (!r.rejected) seen.add(key);
  }
  // Enqueue order per room, unless a refusal let a later message overtake (only possible with a window > 1).
  if (maxInFlight === 1 || relay.rejections === 0) {
    for (const [roomId, ids] of order) {
      assert.deepEqual(
        (relay.log.get(roomId) ?? []).map((m) => m.msgId),
        ids,
        'room order',
      );
    }
  }
  await outbox.close();
  await store.close();
}

describe('Outbox model test against a deduping fake relay', () => {
  test('random enqueue/send/ack/disconnect/crash-restart/refusal/withdraw sequences: nothing lost, nothing sent twice, nothing withdrawn sent, in order (window 1)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { maxLength: 60 }), (cmds) => runModel(cmds, 1)),
      { numRuns: 150 },
    );
  });

  test('the same with a pipelining window of 4', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { maxLength: 60 }), (cmds) => runModel(cmds, 4)),
      { numRuns: 150 },
    );
  });
});
