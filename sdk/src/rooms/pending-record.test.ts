import assert from 'node:assert/strict';
import { test } from 'node:test';
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
