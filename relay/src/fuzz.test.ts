import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createRelay, type Relay } from './relay.js';
import { ciphertext, roomId, TestClient } from './testing/index.js';

let relay: Relay;
before(async () => {
  relay = await createRelay({
    port: 0,
    connFramesPerSec: 100_000,
    connFramesBurst: 100_000,
    maxViolations: 1_000_000,
  });
});
after(() => relay.close());

const TYPES = [
  'join',
  'leave',
  'destroy',
  'publish',
  'recv',
  'signal',
  'keys.put',
  'keys.get',
  'challenge',
  'auth',
  'x',
];
const b64 = fc.stringMatching(/^[A-Za-z0-9_-]{0,90}$/);
const value = fc.oneof(
  b64,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(b64, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('nonce', 'key', 'sig', 'epoch', 'offset'), b64, { maxKeys: 3 }),
);
/** Frames that look like the protocol's, with random fields, plus plain garbage. */
const frame = fc.oneof(
  fc
    .record(
      {
        v: fc.oneof(fc.constant(1), fc.integer()),
        t: fc.constantFrom(...TYPES),
        room: fc.oneof(b64, fc.constant(roomId())),
        msgId: b64,
        epoch: fc.oneof(fc.nat(), fc.integer()),
        ct: b64,
        offset: fc.integer(),
        rid: b64,
        proof: value,
        resume: value,
        data: b64,
        owner: b64,
        kind: fc.constantFrom('prekey', 'kp', 'x'),
        extra: value,
      },
      { requiredKeys: ['v', 't'] },
    )
    .map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
);

test('thousands of random frames at a live relay: every one gets a typed answer or none; the relay stays up', async () => {
  const fuzzer = await TestClient.connect(relay.url);
  const bystander = await TestClient.connect(relay.url);
  const room = roomId();
  await bystander.join(room);
  const frames = fc.sample(frame, { numRuns: 3000, seed: 42 });
  for (const f of frames) fuzzer.send(f);
  // A final marker proves the fuzzer's connection is still served in order.
  fuzzer.send({ v: 1, t: 'challenge', rid: 'end' });
  await fuzzer.next((f) => f.rid === 'end', 20_000);
  for (const f of fuzzer.frames) {
    if (f.t === 'error') assert.match(f.code, /^(PROTO|RELAY|AUTH)_[A-Z_]+$/);
  }
  assert.ok(fuzzer.frames.filter((f) => f.t === 'error').length > frames.length / 2);
  const ack = await bystander.publish(room, ciphertext());
  assert.equal(ack.offset, 0, "others' messages are unaffected");
  const health = await fetch(`${relay.url.replace('ws://', 'http://')}/healthz`);
  assert.equal(health.status, 200);
  fuzzer.close();
  bystander.close();
});
