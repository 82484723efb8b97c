import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DeviceIdentity } from '../crypto/identity/index.js';
import { randomId } from '../protocol/index.js';
import { ContentType, decodeContentEnvelope, encodeContentEnvelope } from './content-envelope.js';
import { formatInviteLink, type Invite, parseInviteLink } from './invite-link.js';
import { openInviteMessage, sealInviteMessage } from './invite-seal.js';
import { decodePayload, encodePayload, PayloadKind } from './payload.js';

const roomId = fc
  .uint8Array({ minLength: 16, maxLength: 32 })
  .map((b) => Buffer.from(b).toString('base64url'));
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

test('invite links round-trip, keep everything after #, and reject any other shape', () => {
  const group = fc.record({
    kind: fc.constant('group' as const),
    roomId,
    inviteId: bytes(8),
    secret: bytes(32),
    expiresAt: fc.integer({ min: 1, max: 2 ** 40 }).map((s) => s * 1000),
  });
  const direct = fc.record({
    kind: fc.constant('direct' as const),
    roomId,
    owner: bytes(32).map((b) => Buffer.from(b).toString('base64url')),
    fingerprint: bytes(16),
  });
  fc.assert(
    fc.property(fc.oneof(group, direct), (invite: Invite) => {
      const link = formatInviteLink('https://chat.example/join?x=1', invite);
      const [before, after] = link.split('#') as [string, string];
      assert.equal(before, 'https://chat.example/join?x=1');
      assert.ok(!before.includes(invite.roomId), 'nothing of the invite before #');
      assert.deepEqual(parseInviteLink(link), { ...invite });
      assert.deepEqual(parseInviteLink(after), { ...invite });
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (junk) => {
      try {
        parseInviteLink(junk);
        assert.fail('accepted junk');
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'CLIENT_BAD_INVITE');
      }
    }),
  );
});

test('payloads round-trip; unknown versions and kinds are refused', () => {
  fc.assert(
    fc.property(fc.constantFrom(1, 2, 3, 4), fc.uint8Array({ minLength: 1, maxLength: 64 }), (kind, body) => {
      const p = decodePayload(encodePayload(kind as 1, body));
      assert.equal(p.kind, kind);
      assert.deepEqual(p.body, body);
    }),
  );
  assert.throws(() => decodePayload(Uint8Array.of(2, 1, 0)), { code: 'CLIENT_UNDECRYPTABLE' });
  assert.throws(() => decodePayload(Uint8Array.of(1, 9, 0)), { code: 'CLIENT_UNDECRYPTABLE' });
  assert.equal(PayloadKind.MLS, 1);
});

test('content envelopes round-trip; a group signature binds room, epoch and every byte', () => {
  const me = DeviceIdentity.generate();
  fc.assert(
    fc.property(
      fc.constantFrom(ContentType.TEXT, ContentType.CONTENT, ContentType.PROFILE),
      fc.uint8Array({ maxLength: 100 }),
      fc.integer({ min: 0, max: 2 ** 45 }),
      fc.bigInt({ min: 0n, max: 2n ** 32n }),
      (type, content, sentAt, epoch) => {
        const msgId = randomId();
        const plain = encodeContentEnvelope({ type, msgId, sentAt, content });
        assert.deepEqual(decodeContentEnvelope(plain), { type, msgId, sentAt, content });
        const signed = encodeContentEnvelope(
          { type, msgId, sentAt, content },
          { identity: me, roomId: 'room-one-0123456789ab', epoch },
        );
        const d = decodeContentEnvelope(signed, { roomId: 'room-one-0123456789ab', epoch });
        assert.deepEqual(d.author, me.publicIdentity.signingKey);
        assert.deepEqual(d.content, content);
        assert.throws(() => decodeContentEnvelope(signed, { roomId: 'room-two-0123456789ab', epoch }));
        assert.throws(() =>
          decodeContentEnvelope(signed, { roomId: 'room-one-0123456789ab', epoch: epoch + 1n }),
        );
        const flipped = signed.slice();
        const at = flipped.length - 1;
        flipped[at] = (flipped[at] ?? 0) ^ 1;
        assert.throws(() => decodeContentEnvelope(flipped, { roomId: 'room-one-0123456789ab', epoch }), {
          code: 'CLIENT_UNDECRYPTABLE',
        });
      },
    ),
    { numRuns: 30 },
  );
});

test('invite-sealed messages open only with the same secret, invite id and room', () => {
  const invite = {
    inviteId: crypto.getRandomValues(new Uint8Array(8)),
    secret: crypto.getRandomValues(new Uint8Array(32)),
  };
  const msg = { t: 'req', req: randomId(), owner: randomId(32) } as const;
  const body = sealInviteMessage(invite, 'room-a-0123456789abcdef', msg);
  assert.deepEqual(openInviteMessage(invite, 'room-a-0123456789abcdef', body), msg);
  assert.throws(() => openInviteMessage(invite, 'room-b-0123456789abcdef', body), {
    code: 'CLIENT_UNDECRYPTABLE',
  });
  const other = { ...invite, secret: crypto.getRandomValues(new Uint8Array(32)) };
  assert.throws(() => openInviteMessage(other, 'room-a-0123456789abcdef', body), {
    code: 'CLIENT_UNDECRYPTABLE',
  });
  assert.ok(!Buffer.from(body).toString('latin1').includes(msg.owner), 'the owner key is sealed');
});
