import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { RelayStore, RoomEvent, StoreLimits } from './store.js';

const id = (n = 16) => randomBytes(n).toString('base64url');
const msg = (over: Partial<{ msgId: string; epoch: number; ct: string; hs: boolean }> = {}) => ({
  msgId: id(),
  epoch: 0,
  ct: id(8),
  hs: false,
  ...over,
});

/** Limits every engine runs the behaviour suite with. */
export const BEHAVIOR_LIMITS: Partial<StoreLimits> = {
  historyMax: 5,
  dedupeWindowMs: 1000,
  mailboxTtlMs: 5000,
  historyTtlMs: 60_000,
  maxKeysPerOwner: 3,
  maxMailboxesPerRoom: 3,
};

/**
 * The behaviour every {@link RelayStore} engine must show. Run by store.test.ts against memory, embedded and
 * Redis.
 * @param name - engine name, shown in test names.
 * @param make - a fresh store with {@link BEHAVIOR_LIMITS}.
 */
export function storeBehavior(name: string, make: () => Promise<RelayStore>): void {
  const T0 = 1_700_000_000_000;

  test(`${name}: rooms get offsets in order, dedupe inside the window, and expire`, async () => {
    const s = await make();
    const room = id();
    assert.equal(await s.roomInfo(room, T0), undefined);
    assert.deepEqual(await s.append(room, msg(), T0), { kind: 'no-room' });
    const info = await s.openRoom(room, 10_000, 'owner-key', T0);
    assert.ok(info !== 'full');
    assert.equal(info.next, 0);
    assert.equal(info.owner, 'owner-key');
    const a = msg();
    const r1 = await s.append(room, a, T0 + 1);
    assert.equal(r1.kind === 'stored' && r1.message.offset, 0);
    const r2 = await s.append(room, msg(), T0 + 2);
    assert.equal(r2.kind === 'stored' && r2.message.offset, 1);
    assert.deepEqual(await s.append(room, a, T0 + 3), { kind: 'duplicate', offset: 0 });
    const again = await s.openRoom(room, 10_000, 'someone-else', T0 + 4);
    assert.ok(again !== 'full');
    assert.equal(again.epoch, info.epoch);
    assert.equal(again.owner, 'owner-key');
    assert.equal(again.next, 2);
    await s.close();
  });

  test(`${name}: range returns exactly the retained messages in order; history is capped`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await s.append(room, msg({ ct: `c${i}` }), T0 + i));
    const all = await s.range(room, 0, 100);
    assert.deepEqual(
      all.map((m) => m.offset),
      [3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      all.map((m) => m.ct),
      ['c3', 'c4', 'c5', 'c6', 'c7'],
    );
    const info = await s.roomInfo(room, T0 + 10);
    assert.equal(info?.first, 3);
    assert.equal(info?.next, 8);
    assert.deepEqual(
      (await s.range(room, 5, 2)).map((m) => m.offset),
      [5, 6],
    );
    await s.close();
  });

  test(`${name}: MLS handshake messages are ordered by group epoch`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    const c1 = await s.append(room, msg({ hs: true, epoch: 0 }), T0);
    assert.equal(c1.kind, 'stored');
    assert.deepEqual(await s.append(room, msg({ hs: true, epoch: 0 }), T0), {
      kind: 'stale-epoch',
      mlsEpoch: 1,
    });
    assert.equal((await s.append(room, msg({ hs: true, epoch: 1 }), T0)).kind, 'stored');
    assert.equal((await s.roomInfo(room, T0))?.mlsEpoch, 2);
    await s.close();
  });

  test(`${name}: mailboxes follow a cursor, are emptied by receipts and expire`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    await s.advanceMailbox(room, 'alice', 0, T0);
    for (let i = 0; i < 3; i++) await s.append(room, msg(), T0 + i);
    assert.equal(await s.mailboxCursor(room, 'alice', T0 + 10), 0);
    assert.equal(await s.mailboxSize(room, 'alice', T0 + 10), 3);
    await s.advanceMailbox(room, 'alice', 3, T0 + 10);
    assert.equal(await s.mailboxSize(room, 'alice', T0 + 10), 0);
    await s.advanceMailbox(room, 'alice', 1, T0 + 11); // never moves back
    assert.equal(await s.mailboxCursor(room, 'alice', T0 + 11), 3);
    await s.append(room, msg(), T0 + 12);
    assert.equal(await s.mailboxSize(room, 'alice', T0 + 20), 1);
    // Items older than the mailbox TTL are gone, and so is a mailbox left alone for that long.
    assert.equal(await s.mailboxSize(room, 'alice', T0 + 12 + 5000), 0);
    assert.equal(await s.mailboxCursor(room, 'alice', T0 + 11 + 5001), undefined);
    assert.equal(await s.mailboxCursor(room, 'bob', T0), undefined);
    await s.close();
  });

  test(`${name}: subscribers on the room see messages, signals and destruction`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    const events: RoomEvent[] = [];
    let wake: () => void = () => {};
    const unsub = await s.subscribe(room, (e) => {
      events.push(e);
      wake();
    });
    const until = async (n: number) => {
      for (let i = 0; i < 100 && events.length < n; i++) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
    };
    await s.append(room, msg({ ct: 'x' }), T0);
    await s.signal(room, 'typing', 'conn1', T0);
    await until(2);
    assert.equal(events[0]?.kind === 'message' && events[0].message.ct, 'x');
    assert.deepEqual(events[1], { kind: 'signal', data: 'typing', at: T0, from: 'conn1' });
    await s.destroyRoom(room);
    await until(3);
    assert.deepEqual(events[2], { kind: 'destroyed' });
    assert.equal(await s.roomInfo(room, T0), undefined);
    unsub();
    await s.close();
  });

  test(`${name}: directory hands each one-time prekey and key package out once`, async () => {
    const s = await make();
    const owner = id(32);
    assert.equal(await s.takePrekeyBundle(owner), undefined);
    assert.deepEqual(await s.putKeys(owner, { bundle: 'B', otks: ['o1', 'o2'], kps: ['k1'] }), {
      otks: 2,
      kps: 1,
    });
    assert.deepEqual(await s.takePrekeyBundle(owner), { bundle: 'B', otk: 'o1' });
    assert.deepEqual(await s.takePrekeyBundle(owner), { bundle: 'B', otk: 'o2' });
    assert.deepEqual(await s.takePrekeyBundle(owner), { bundle: 'B' });
    assert.equal(await s.takeKeyPackage(owner), 'k1');
    assert.equal(await s.takeKeyPackage(owner), undefined);
    // bounded per owner: the oldest go
    assert.deepEqual(await s.putKeys(owner, { otks: ['a', 'b', 'c', 'd', 'e'] }), { otks: 3, kps: 0 });
    assert.equal((await s.takePrekeyBundle(owner))?.otk, 'c');
    await s.close();
  });

  test(`${name}: many concurrent appends get distinct consecutive offsets`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    const results = await Promise.all(Array.from({ length: 50 }, () => s.append(room, msg(), T0)));
    const offsets = results.map((r) => (r.kind === 'stored' ? r.message.offset : -1)).sort((a, b) => a - b);
    assert.deepEqual(
      offsets,
      Array.from({ length: 50 }, (_, i) => i),
    );
    await s.close();
  });

  test(`${name}: disappearing messages are erased by the sweep without moving the room's first offset`, async () => {
    const s = await make();
    const room = id();
    await s.openRoom(room, 60_000, undefined, T0);
    await s.append(room, msg({ ct: 'keep0' }), T0);
    await s.append(room, { ...msg({ ct: 'gone1' }), exp: T0 + 100 }, T0 + 1);
    await s.append(room, msg({ ct: 'keep2' }), T0 + 2);
    await s.append(room, { ...msg({ ct: 'late3' }), exp: T0 + 10_000 }, T0 + 3);
    const before = await s.range(room, 0, 10);
    assert.deepEqual(
      before.map((m) => [m.ct, m.exp]),
      [
        ['keep0', undefined],
        ['gone1', T0 + 100],
        ['keep2', undefined],
        ['late3', T0 + 10_000],
      ],
    );
    await s.advanceMailbox(room, 'member', 0, T0 + 200);
    assert.equal(await s.mailboxSize(room, 'member', T0 + 200), 3, 'an expired message is not in a mailbox');
    await s.sweep(T0 + 200);
    const after = await s.range(room, 0, 10);
    assert.deepEqual(
      after.map((m) => [m.offset, m.ct]),
      [
        [0, 'keep0'],
        [2, 'keep2'],
        [3, 'late3'],
      ],
    );
    assert.deepEqual(
      (await s.range(room, 1, 1)).map((m) => m.offset),
      [2],
      'a range that starts in a gap begins at the next retained offset',
    );
    const info = await s.roomInfo(room, T0 + 200);
    assert.equal(info?.first, 0, 'resume points before the erased message stay valid');
    assert.equal(info?.next, 4);
    await s.sweep(T0 + 10_000);
    assert.deepEqual(
      (await s.range(room, 0, 10)).map((m) => m.ct),
      ['keep0', 'keep2'],
    );
    assert.equal((await s.roomInfo(room, T0 + 10_000))?.first, 0);
    await s.close();
  });
}
