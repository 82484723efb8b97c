import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeClientFrame, decodeServerFrame, encodeFrame } from './codec.js';
import { ProtocolError } from './errors.js';
import type { ClientFrame, ServerFrame } from './frames/index.js';
import { KEY_B64_LENGTH, MAX_FRAME_BYTES, NONCE_B64_LENGTH, SIG_B64_LENGTH } from './limits.js';

const b64 = (min: number, max: number) =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
    minLength: min,
    maxLength: max,
  });
const room = b64(22, 86);
const msgId = b64(22, 22);
const uint = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const rid = fc.option(b64(1, 32), { nil: undefined });
const proof = fc.record({
  nonce: b64(NONCE_B64_LENGTH, NONCE_B64_LENGTH),
  key: b64(KEY_B64_LENGTH, KEY_B64_LENGTH),
  sig: b64(SIG_B64_LENGTH, SIG_B64_LENGTH),
});
const streamEpoch = b64(1, 32);

/** Drops `undefined` optional fields, as the decoders never produce them. */
function clean<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o));
}
const withBase = <T extends object>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, rid).map(([f, r]) => clean({ v: 1 as const, ...f, ...(r === undefined ? {} : { rid: r }) }));

const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  withBase(fc.record({ t: fc.constant('challenge' as const) })),
  withBase(fc.record({ t: fc.constant('auth' as const), proof })),
  withBase(
    fc.record(
      {
        t: fc.constant('join' as const),
        room,
        proof,
        resume: fc.record({ epoch: streamEpoch, offset: uint }),
        ttl: fc.nat({ max: 30 * 24 * 3600 }),
      },
      { requiredKeys: ['t', 'room'] },
    ),
  ),
  withBase(fc.record({ t: fc.constantFrom('leave' as const, 'destroy' as const), room })),
  withBase(
    fc.record(
      {
        t: fc.constant('publish' as const),
        room,
        msgId,
        epoch: uint,
        ct: b64(0, 300),
        hs: fc.constant(true as const),
        ttl: fc.integer({ min: 1, max: 365 * 24 * 3600 }),
      },
      { requiredKeys: ['t', 'room', 'msgId', 'epoch', 'ct'] },
    ),
  ),
  withBase(fc.record({ t: fc.constant('recv' as const), room, offset: uint })),
  withBase(fc.record({ t: fc.constant('signal' as const), room, data: b64(1, 100) })),
  withBase(
    fc.record(
      {
        t: fc.constant('keys.put' as const),
        proof,
        bundle: b64(1, 100),
        otks: fc.array(b64(1, 50), { maxLength: 5 }),
        kps: fc.array(b64(1, 50), { maxLength: 5 }),
      },
      { requiredKeys: ['t', 'proof'] },
    ),
  ),
  withBase(
    fc.record({
      t: fc.constant('keys.get' as const),
      owner: b64(43, 43),
      kind: fc.constantFrom('prekey' as const, 'kp' as const),
    }),
  ),
) as fc.Arbitrary<ClientFrame>;

const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  withBase(
    fc.record({
      t: fc.constant('challenge' as const),
      connId: b64(1, 32),
      nonce: b64(43, 43),
      issuedAt: uint,
    }),
  ),
  withBase(fc.record({ t: fc.constant('authed' as const) })),
  withBase(
    fc.record(
      {
        t: fc.constant('joined' as const),
        room,
        epoch: streamEpoch,
        offset: uint,
        from: uint,
        recovered: fc.boolean(),
      },
      { requiredKeys: ['t', 'room', 'epoch', 'offset', 'from'] },
    ),
  ),
  withBase(fc.record({ t: fc.constant('drained' as const), room, offset: uint })),
  withBase(fc.record({ t: fc.constantFrom('left' as const, 'destroyed' as const), room })),
  withBase(fc.record({ t: fc.constant('ack' as const), msgId, offset: uint })),
  withBase(
    fc.record({
      t: fc.constant('deliver' as const),
      env: fc.record(
        {
          v: fc.constant(1 as const),
          msgId,
          room,
          epoch: uint,
          offset: uint,
          ct: b64(0, 300),
          hs: fc.constant(true as const),
        },
        { requiredKeys: ['v', 'msgId', 'room', 'epoch', 'offset', 'ct'] },
      ),
    }),
  ),
  withBase(
    fc.record({
      t: fc.constant('signal' as const),
      room,
      data: b64(1, 100),
      age: fc.nat({ max: 86_400_000 }),
    }),
  ),
  withBase(
    fc.record({
      t: fc.constant('error' as const),
      code: fc.string({ maxLength: 64 }),
      message: fc.string({ maxLength: 200 }),
    }),
  ),
  withBase(
    fc.record({
      t: fc.constant('keys.stored' as const),
      otks: fc.nat({ max: 1000 }),
      kps: fc.nat({ max: 1000 }),
    }),
  ),
  withBase(
    fc.record(
      {
        t: fc.constant('keys' as const),
        owner: b64(43, 43),
        kind: fc.constantFrom('prekey' as const, 'kp' as const),
        bundle: b64(1, 50),
        otk: b64(1, 50),
        kp: b64(1, 50),
      },
      { requiredKeys: ['t', 'owner', 'kind'] },
    ),
  ),
) as fc.Arbitrary<ServerFrame>;

test('every client frame survives encode → decode unchanged', () => {
  fc.assert(
    fc.property(clientFrame, (f) => {
      assert.deepEqual(decodeClientFrame(encodeFrame(f)), f);
    }),
    { numRuns: 2000 },
  );
});

test('every server frame survives encode → decode unchanged', () => {
  fc.assert(
    fc.property(serverFrame, (f) => {
      assert.deepEqual(decodeServerFrame(encodeFrame(f)), f);
    }),
    { numRuns: 2000 },
  );
});

test('decoders throw only ProtocolError, whatever the input', () => {
  const input = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 4 }),
    fc
      .tuple(clientFrame, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([f, k, v]) => JSON.stringify({ ...f, [k]: v })),
    fc
      .tuple(serverFrame, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([f, k, v]) => JSON.stringify({ ...f, [k]: v })),
  );
  fc.assert(
    fc.property(input, (text) => {
      for (const decode of [decodeClientFrame, decodeServerFrame]) {
        try {
          decode(text);
        } catch (err) {
          assert.ok(err instanceof ProtocolError, String(err));
        }
      }
    }),
    { numRuns: 3000 },
  );
});

test('a field the frame type does not define is refused, so each frame has one accepted form', () => {
  const f = { v: 1, t: 'leave', room: 'A'.repeat(22) };
  assert.deepEqual(decodeClientFrame(JSON.stringify(f)), f);
  assert.throws(() => decodeClientFrame(JSON.stringify({ ...f, x: 1 })), /PROTO|field "x"/);
  assert.throws(() => decodeClientFrame(JSON.stringify({ ...f, t: 'joined' })), ProtocolError);
  assert.throws(() => decodeClientFrame('x'.repeat(MAX_FRAME_BYTES + 1)), { code: 'PROTO_TOO_LARGE' });
});

test('a publish ttl is a whole number of seconds from 1 to a year; 0, fractions and longer are refused', () => {
  const f = { v: 1, t: 'publish', room: 'A'.repeat(22), msgId: 'B'.repeat(22), epoch: 0, ct: 'AA' };
  assert.equal((decodeClientFrame(JSON.stringify({ ...f, ttl: 30 })) as { ttl?: number }).ttl, 30);
  for (const ttl of [0, 1.5, -1, 365 * 24 * 3600 + 1, '30']) {
    assert.throws(() => decodeClientFrame(JSON.stringify({ ...f, ttl })), { code: 'PROTO_INVALID_FIELD' });
  }
});
