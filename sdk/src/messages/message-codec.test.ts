import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toBase64url } from '../protocol/index.js';
import { MessageError } from './errors.js';
import { MSG_MAX_BYTES, MSG_MAX_TEXT_BYTES } from './limits.js';
import { decodeMessage, encodeMessage, MESSAGE_KIND_CODES } from './message-codec.js';
import type { Mention, MessageContent, PlainMessage } from './types.js';

const id = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toBase64url);
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const member = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 });

function withMentions<K extends 'text'>(t: string): fc.Arbitrary<Mention[]> {
  if (t.length === 0) return fc.constant([]);
  return fc.array(
    fc
      .tuple(member, fc.nat(t.length - 1))
      .chain(([m, start]) =>
        fc.integer({ min: 1, max: t.length - start }).map((length) => ({ member: m, start, length })),
      ),
    { maxLength: 4 },
  ) as fc.Arbitrary<Mention[]> & { _k?: K };
}

const textish = text.chain((t) => withMentions(t).map((mentions) => ({ text: t, mentions })));

export const contentArb: fc.Arbitrary<MessageContent> = fc.oneof(
  textish.map((x) => ({ kind: 'text' as const, ...x })),
  fc.tuple(id, textish).map(([target, x]) => ({ kind: 'reply' as const, target, ...x })),
  fc.tuple(id, textish).map(([target, x]) => ({ kind: 'edit' as const, target, ...x })),
  id.map((target) => ({ kind: 'delete' as const, target })),
  fc
    .tuple(id, fc.constantFrom('👍', '❤️', '👩🏽‍💻', 'x'), fc.boolean())
    .map(([target, emoji, add]) => ({ kind: 'reaction' as const, target, emoji, add })),
  id.map((upTo) => ({ kind: 'receipt' as const, upTo })),
  fc.boolean().map((active) => ({ kind: 'typing' as const, active })),
  fc.nat(365 * 24 * 3600).map((seconds) => ({ kind: 'timer' as const, seconds })),
  fc
    .tuple(text, fc.option(hash, { nil: undefined }))
    .map(([displayName, avatarHash]) =>
      avatarHash
        ? { kind: 'profile' as const, displayName, avatarHash }
        : { kind: 'profile' as const, displayName },
    ),
  fc
    .tuple(
      id,
      fc.webUrl(),
      text,
      text,
      fc.option(hash, { nil: undefined }),
      fc.option(
        fc.record({
          blobId: fc.base64String({ minLength: 4, maxLength: 44 }),
          key: hash,
          size: fc.nat(2 ** 20),
          mime: fc.constantFrom('image/png', 'image/webp'),
          chunkSize: fc.integer({ min: 1, max: 4 * 1024 * 1024 }),
          digest: hash,
        }),
        { nil: undefined },
      ),
    )
    .map(([target, url, title, description, imageHash, image]) => {
      const base = { kind: 'link-preview' as const, target, url, title, description };
      return { ...base, ...(imageHash ? { imageHash } : {}), ...(image ? { image: { ...image } } : {}) };
    }),
  fc
    .record({
      blobId: fc.base64String({ minLength: 4, maxLength: 44 }),
      key: hash,
      size: fc.nat(2 ** 31),
      mime: fc.constantFrom('image/png', 'application/pdf', ''),
      name: text,
      chunkSize: fc.integer({ min: 1, max: 4 * 1024 * 1024 }),
      digest: hash,
    })
    .map((r) => ({ kind: 'attachment' as const, ...r })),
);

export const messageArb: fc.Arbitrary<PlainMessage> = fc
  .record({
    sentAt: fc.nat(Number.MAX_SAFE_INTEGER),
    expireAfter: fc.nat(365 * 24 * 3600),
    content: contentArb,
  })
  .map((r) => ({ ...r }));

function decodeOrMessageError(bytes: Uint8Array): void {
  try {
    decodeMessage(bytes);
  } catch (err) {
    assert.ok(err instanceof MessageError, `untyped error: ${String(err)}`);
    assert.match(err.code, /^MSG_/);
  }
}

describe('message codec', () => {
  test('round-trips every kind (property)', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const bytes = encodeMessage(m);
        assert.ok(bytes.length <= MSG_MAX_BYTES);
        assert.deepEqual(decodeMessage(bytes), m);
        // canonical: decoding then encoding gives the same bytes
        assert.deepEqual(encodeMessage(decodeMessage(bytes)), bytes);
      }),
      { numRuns: 1500 },
    );
  });

  test('every kind has a distinct code and is generated', () => {
    const codes = Object.values(MESSAGE_KIND_CODES);
    assert.equal(new Set(codes).size, codes.length);
    const seen = new Set<string>();
    fc.assert(
      fc.property(contentArb, (c) => void seen.add(c.kind)),
      { numRuns: 500 },
    );
    assert.deepEqual([...seen].sort(), Object.keys(MESSAGE_KIND_CODES).sort());
  });

  test('fuzz: random bytes decode or fail with a MessageError only', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), decodeOrMessageError), { numRuns: 3000 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.uint8Array({ maxLength: 120 }), (kind, rest) =>
        decodeOrMessageError(Uint8Array.from([1, kind, ...rest])),
      ),
      { numRuns: 3000 },
    );
  });

  test('fuzz: mutated valid messages (flip, cut, append) never throw untyped errors', () => {
    fc.assert(
      fc.property(messageArb, fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat(), (m, pos, xor, cut) => {
        const bytes = encodeMessage(m);
        const flipped = bytes.slice();
        const i = pos % flipped.length;
        flipped[i] = (flipped[i] as number) ^ xor;
        decodeOrMessageError(flipped);
        decodeOrMessageError(bytes.subarray(0, cut % bytes.length));
        const longer = new Uint8Array(bytes.length + 1);
        longer.set(bytes);
        assert.throws(() => decodeMessage(longer), { code: 'MSG_MALFORMED' });
      }),
      { numRuns: 1500 },
    );
  });

  test('golden vector: a text with a mention', () => {
    const bytes = encodeMessage({
      sentAt: 1_700_000_000_000,
      expireAfter: 3600,
      content: { kind: 'text', text: 'hi @bo', mentions: [{ member: 'bo', start: 3, length: 3 }] },
    });
    assert.equal(
      Buffer.from(bytes).toString('hex'),
      // v=1 kind=1 sentAt(varint) expireAfter=3600 (90 1c) "hi @bo" 1 mention "bo" 3 3
      `0101${'80d095ffbc31'}901c06${Buffer.from('hi @bo').toString('hex')}0102${Buffer.from('bo').toString('hex')}0303`,
    );
  });

  test('strict: version, kind, varints, booleans, ids, limits', () => {
    const ok = encodeMessage({ sentAt: 5, expireAfter: 0, content: { kind: 'typing', active: true } });
    assert.deepEqual([...ok], [1, 7, 5, 0, 1]);
    assert.throws(() => decodeMessage(Uint8Array.from([2, 7, 5, 0, 1])), { code: 'MSG_UNSUPPORTED_VERSION' });
    assert.throws(() => decodeMessage(Uint8Array.from([1, 99, 5, 0, 1])), { code: 'MSG_UNKNOWN_KIND' });
    assert.throws(() => decodeMessage(Uint8Array.from([1, 7, 0x85, 0, 0, 1])), { code: 'MSG_MALFORMED' }); // non-minimal
    assert.throws(() => decodeMessage(Uint8Array.from([1, 7, 5, 0, 2])), { code: 'MSG_INVALID_FIELD' });
    assert.throws(() => decodeMessage(Uint8Array.from([1, 7, 5, 0])), { code: 'MSG_MALFORMED' });
    assert.throws(
      () => decodeMessage(Uint8Array.from([1, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])),
      {
        code: 'MSG_MALFORMED',
      },
    );
    assert.throws(() => decodeMessage(new Uint8Array(MSG_MAX_BYTES + 1)), { code: 'MSG_TOO_LARGE' });
    // a text claiming more bytes than the limit is refused before anything is allocated
    assert.throws(() => decodeMessage(Uint8Array.from([1, 1, 0, 0, 0xff, 0xff, 0x03])), {
      code: 'MSG_TOO_LARGE',
    });
    // bad UTF-8
    assert.throws(() => decodeMessage(Uint8Array.from([1, 1, 0, 0, 1, 0xff, 0])), { code: 'MSG_MALFORMED' });
  });

  test('encoding refuses invalid content with typed errors', () => {
    const m = (content: unknown) => ({ sentAt: 0, expireAfter: 0, content }) as PlainMessage;
    const cases: [unknown, string][] = [
      [{ kind: 'text', text: 'a'.repeat(MSG_MAX_TEXT_BYTES + 1), mentions: [] }, 'MSG_TOO_LARGE'],
      [{ kind: 'text', text: 'ab', mentions: [{ member: 'x', start: 1, length: 2 }] }, 'MSG_INVALID_FIELD'],
      [{ kind: 'text', text: '\uD800', mentions: [] }, 'MSG_INVALID_FIELD'],
      [{ kind: 'delete', target: 'short' }, 'MSG_INVALID_FIELD'],
      [{ kind: 'reaction', target: 'A'.repeat(22), emoji: '', add: true }, 'MSG_INVALID_FIELD'],
      [{ kind: 'timer', seconds: -1 }, 'MSG_INVALID_FIELD'],
      [{ kind: 'timer', seconds: 400 * 24 * 3600 }, 'MSG_TOO_LARGE'],
      [{ kind: 'toString' }, 'MSG_INVALID_FIELD'],
      [{ kind: 'profile', displayName: 'x', avatarHash: new Uint8Array(31) }, 'MSG_INVALID_FIELD'],
    ];
    for (const [content, code] of cases) {
      assert.throws(
        () => encodeMessage(m(content)),
        (err: unknown) => {
          assert.ok(err instanceof MessageError, `${JSON.stringify(content).slice(0, 40)}: untyped`);
          assert.equal(err.code, code, JSON.stringify(content).slice(0, 60));
          return true;
        },
      );
    }
  });
});
