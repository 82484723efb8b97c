import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MessageRecord } from '../store/index.js';
import { decodePendingRecord, encodePendingRecord } from './pending-record.js';

const base = {
  roomId: 'room-1',
  msgId: 'msg-1',
  offset: -1,
  sender: 'ed25519:é',
  text: 'hello 👋',
  sentAt: 1_700_000_000_123,
};

test('message and content records round-trip (offset −1, ids from the outbox record)', () => {
  const records: MessageRecord[] = [
    { ...base, data: { type: 'message', bytes: new Uint8Array([1, 2, 3]), receivedAt: 1_700_000_000_124 } },
    {
      ...base,
      text: '',
      data: { type: 'content', content: new Uint8Array([9]) },
      expiresAt: 1_800_000_000_000,
    },
    { ...base, data: { type: 'text', content: new Uint8Array(0) } },
  ];
  for (const rec of records) {
    const bytes = encodePendingRecord(rec);
    assert.ok(bytes);
    assert.deepEqual(decodePendingRecord('room-1', 'msg-1', bytes), rec);
  }
});

test('records of other shapes are not carried; unreadable bytes decode to nothing', () => {
  assert.equal(encodePendingRecord({ ...base, data: { other: 1 } }), undefined);
  assert.equal(encodePendingRecord(base), undefined);
  const good = encodePendingRecord({
    ...base,
    data: { type: 'content', content: new Uint8Array([1]) },
  }) as Uint8Array;
  assert.equal(decodePendingRecord('r', 'm', good.subarray(0, good.length - 1)), undefined);
  assert.equal(decodePendingRecord('r', 'm', new Uint8Array([2, ...good.subarray(1)])), undefined);
  assert.equal(decodePendingRecord('r', 'm', new Uint8Array([...good, 0])), undefined);
});

test('text and sender keep a leading U+FEFF (it is part of the text, not a byte order mark)', () => {
  const rec: MessageRecord = {
    ...base,
    sender: '\uFEFFed25519:x',
    text: '\uFEFFhello',
    data: { type: 'text', content: new Uint8Array([1]) },
  };
  assert.deepEqual(decodePendingRecord('room-1', 'msg-1', encodePendingRecord(rec) as Uint8Array), rec);
});

/** Any record rooms carry: the three data shapes, any Unicode text, any sentAt, with or without expiry. */
const anyRecord: fc.Arbitrary<MessageRecord> = fc
  .record({
    sender: fc.string({ unit: 'binary', maxLength: 40 }),
    text: fc.string({ unit: 'binary', maxLength: 80 }),
    sentAt: fc.double(),
    expiresAt: fc.option(fc.double({ noNaN: true }), { nil: undefined }),
    data: fc.oneof(
      fc.record({
        type: fc.constant('message' as const),
        bytes: fc.uint8Array({ maxLength: 40 }),
        receivedAt: fc.double(),
      }),
      fc.record({
        type: fc.constantFrom('content' as const, 'text' as const),
        content: fc.uint8Array({ maxLength: 40 }),
      }),
    ),
  })
  .map(({ expiresAt, data, ...r }) => ({
    roomId: 'room-1',
    msgId: 'msg-1',
    offset: -1,
    ...r,
    data: { ...data }, // a plain object, as rooms write (fast-check's records have no prototype)
    ...(expiresAt === undefined ? {} : { expiresAt }),
  }));

test('every record round-trips; every truncation decodes to nothing; a flipped byte decodes to nothing or to a record that round-trips, never throws (property)', () => {
  fc.assert(
    fc.property(anyRecord, fc.nat(), fc.integer({ min: 1, max: 255 }), (rec, at, mask) => {
      const bytes = encodePendingRecord(rec) as Uint8Array;
      assert.deepEqual(decodePendingRecord('room-1', 'msg-1', bytes), rec);
      // a strict prefix is never a record: the last field's length says more bytes follow
      const cut = at % bytes.length;
      assert.equal(
        decodePendingRecord('room-1', 'msg-1', bytes.subarray(0, cut)),
        undefined,
        `cut at ${cut}`,
      );
      const flipped = bytes.slice();
      const i = at % bytes.length;
      flipped[i] = (flipped[i] as number) ^ mask;
      const got = decodePendingRecord('room-1', 'msg-1', flipped); // throws nothing (the test fails if it does)
      if (got !== undefined) {
        // a flip inside a value gives another valid record (the outbox record holding it is sealed by the
        // store): one that encodes and decodes to itself
        const again = encodePendingRecord(got);
        assert.ok(again, `flip at ${i}`);
        assert.deepEqual(decodePendingRecord('room-1', 'msg-1', again), got, `flip at ${i}`);
      }
    }),
    { numRuns: 500 },
  );
});
