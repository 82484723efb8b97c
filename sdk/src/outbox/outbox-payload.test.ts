import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeOutboxPayload, encodeOutboxPayload } from './outbox-payload.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));

test('payloads of the earlier forms (0 and 1) still decode (golden bytes)', () => {
  assert.deepEqual(decodeOutboxPayload(hex('0000000000000007 aabb')), { epoch: 7, body: hex('aabb') });
  assert.deepEqual(decodeOutboxPayload(hex('01 0000000000000002 00000000000003e8 cc')), {
    epoch: 2,
    expiresAt: 1000,
    body: hex('cc'),
  });
  assert.deepEqual(decodeOutboxPayload(hex('01 0000000000000002 0000000000000000 cc')), {
    epoch: 2,
    body: hex('cc'),
  });
});

test('form 2 carries the local record (golden bytes)', () => {
  const bytes = hex('02 0000000000000003 0000000000000000 00000002 0102 ddee');
  assert.deepEqual(encodeOutboxPayload({ epoch: 3, local: hex('0102'), body: hex('ddee') }), bytes);
  assert.deepEqual(decodeOutboxPayload(bytes), { epoch: 3, local: hex('0102'), body: hex('ddee') });
});

test('without a local record the earlier forms are written, so an older build reads them', () => {
  assert.equal(encodeOutboxPayload({ epoch: 1, body: hex('00') })[0], 0);
  assert.equal(encodeOutboxPayload({ epoch: 1, expiresAt: 5, body: hex('00') })[0], 1);
});

test('every form round-trips (property)', () => {
  fc.assert(
    fc.property(
      fc.nat({ max: 2 ** 40 }),
      fc.option(fc.integer({ min: 1, max: 2 ** 45 }), { nil: undefined }),
      fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
      fc.uint8Array({ maxLength: 64 }),
      (epoch, expiresAt, local, body) => {
        const p = decodeOutboxPayload(
          encodeOutboxPayload({
            epoch,
            body,
            ...(expiresAt === undefined ? {} : { expiresAt }),
            ...(local === undefined ? {} : { local }),
          }),
        );
        assert.equal(p.epoch, epoch);
        assert.equal(p.expiresAt, expiresAt);
        assert.deepEqual(p.local === undefined ? undefined : [...p.local], local && [...local]);
        assert.deepEqual([...p.body], [...body]);
      },
    ),
    { numRuns: 200 },
  );
});

test('truncated payloads are refused', () => {
  for (const bad of [hex('00'), hex('01 00'), hex('02 0000000000000003 0000000000000000 000000ff 01')]) {
    assert.throws(() => decodeOutboxPayload(bad), { code: 'OUTBOX_INVALID' });
  }
  assert.throws(() => encodeOutboxPayload({ epoch: -1, body: hex('') }), RangeError);
});

test('a payload of a form this build does not know is refused, not read as form 0', () => {
  for (const first of [0x03, 0x7f, 0xff]) {
    const payload = new Uint8Array(40);
    payload[0] = first;
    assert.throws(() => decodeOutboxPayload(payload), { code: 'OUTBOX_INVALID' });
  }
});
