import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CallError } from './errors.js';
import { SIGNAL_MAX_AGE_MS } from './limits.js';
import { type CallSignal, decodeCallSignal, encodeCallSignal } from './signal.js';

const id = fc.string({ minLength: 1, maxLength: 40 });
const base = id.map((call) => ({ call, sentAt: 1_000_000 }));
const signalArb: fc.Arbitrary<CallSignal> = fc.oneof(
  base.chain((b) =>
    fc
      .tuple(fc.boolean(), fc.boolean())
      .map(([audio, video]) => ({ ...b, k: 'ring' as const, media: { audio, video } })),
  ),
  base.map((b) => ({ ...b, k: 'join' as const })),
  fc.tuple(base, id).map(([b, lk]) => ({ ...b, k: 'join' as const, lk })),
  fc
    .tuple(base, fc.constantFrom('p2p' as const, 'sfu' as const))
    .map(([b, mode]) => ({ ...b, k: 'present' as const, mode })),
  fc
    .tuple(
      base,
      id,
      fc.constantFrom('offer' as const, 'answer' as const),
      fc.string({ minLength: 1, maxLength: 200 }),
    )
    .map(([b, to, type, sdp]) => ({ ...b, k: 'description' as const, to, sdp: { type, sdp } })),
  fc
    .tuple(
      base,
      id,
      fc.string({ maxLength: 100 }),
      fc.option(fc.string({ maxLength: 8 })),
      fc.option(fc.nat(10)),
      fc.option(id),
    )
    .map(([b, to, candidate, sdpMid, sdpMLineIndex, usernameFragment]) => ({
      ...b,
      k: 'candidate' as const,
      to,
      candidate: { candidate, sdpMid, sdpMLineIndex, usernameFragment },
    })),
  fc.tuple(base, id).map(([b, to]) => ({ ...b, k: 'candidate' as const, to, candidate: null })),
  base.map((b) => ({ ...b, k: 'sfu' as const })),
  base.map((b) => ({ ...b, k: 'leave' as const })),
  base.map((b) => ({ ...b, k: 'decline' as const })),
  fc
    .tuple(base, fc.boolean(), fc.boolean(), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    .map(([b, audio, video, key]) => ({
      ...b,
      k: 'ring' as const,
      media: { audio, video },
      mk: Buffer.from(key).toString('base64url'),
    })),
  fc
    .tuple(base, fc.boolean(), fc.boolean(), fc.boolean())
    .map(([b, audioMuted, videoMuted, screenSharing]) => ({
      ...b,
      k: 'media' as const,
      audioMuted,
      videoMuted,
      screenSharing,
    })),
);

test('every signal round-trips through encode/decode', () => {
  fc.assert(
    fc.property(signalArb, (s) => {
      assert.deepEqual(decodeCallSignal(encodeCallSignal(s), 1_000_000), s);
    }),
  );
});

test('stale signals decode to null; malformed ones throw CALL_SIGNAL_MALFORMED', () => {
  const s = encodeCallSignal({ call: 'c', sentAt: 0, k: 'leave' });
  assert.equal(decodeCallSignal(s, SIGNAL_MAX_AGE_MS + 1), null);
  const bad = [
    'not json',
    '[]',
    JSON.stringify({ v: 2, k: 'leave', call: 'c', sentAt: 0 }),
    JSON.stringify({ v: 1, k: 'nope', call: 'c', sentAt: 0 }),
    JSON.stringify({ v: 1, k: 'leave', call: '', sentAt: 0 }),
    JSON.stringify({ v: 1, k: 'present', call: 'c', sentAt: 0, mode: 'mesh' }),
    JSON.stringify({
      v: 1,
      k: 'description',
      call: 'c',
      sentAt: 0,
      to: 'b',
      sdp: { type: 'pranswer', sdp: 'x' },
    }),
    JSON.stringify({
      v: 1,
      k: 'description',
      call: 'c',
      sentAt: 0,
      to: 'b',
      sdp: { type: 'offer', sdp: 'x'.repeat(70_000) },
    }),
    JSON.stringify({ v: 1, k: 'candidate', call: 'c', sentAt: 0, to: 'b', candidate: { candidate: 1 } }),
    JSON.stringify({ v: 1, k: 'ring', call: 'c', sentAt: 0, media: { audio: 'yes', video: false } }),
    // a per-call secret that is not 32 bytes of base64url
    JSON.stringify({
      v: 1,
      k: 'ring',
      call: 'c',
      sentAt: 0,
      media: { audio: true, video: false },
      mk: 'abc',
    }),
    JSON.stringify({
      v: 1,
      k: 'ring',
      call: 'c',
      sentAt: 0,
      media: { audio: true, video: false },
      mk: `${'A'.repeat(42)}=`,
    }),
    JSON.stringify({ v: 1, k: 'ring', call: 'c', sentAt: 0, media: { audio: true, video: true }, mk: 7 }),
    // media state with a missing or non-boolean flag
    JSON.stringify({ v: 1, k: 'media', call: 'c', sentAt: 0, audioMuted: true, videoMuted: false }),
    JSON.stringify({
      v: 1,
      k: 'media',
      call: 'c',
      sentAt: 0,
      audioMuted: 'no',
      videoMuted: false,
      screenSharing: false,
    }),
    JSON.stringify({
      v: 1,
      k: 'media',
      call: 'c',
      sentAt: 0,
      audioMuted: false,
      videoMuted: false,
      screenSharing: 1,
    }),
  ];
  for (const [i, text] of bad.entries()) {
    assert.throws(
      () => decodeCallSignal(text, 0),
      (e: unknown) => e instanceof CallError && e.code === 'CALL_SIGNAL_MALFORMED',
      `case ${i}`,
    );
  }
});
