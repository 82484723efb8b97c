import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { utf8 } from '../crypto/bytes.js';
import { DeviceIdentity } from '../crypto/identity/index.js';
import { setCryptoBackend } from '../crypto/primitives/index.js';
import { randomId } from '../protocol/index.js';
import {
  ContentType,
  decodeContentEnvelope,
  decodeSignedContentEnvelope,
  encodeContentEnvelope,
  encodeSignedContentEnvelope,
} from './content-envelope.js';
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

test('content envelopes round-trip; a group signature binds room, epoch and every byte', async () => {
  const me = await DeviceIdentity.generateAsync();
  const room = 'room-one-0123456789ab';
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(ContentType.TEXT, ContentType.CONTENT, ContentType.PROFILE),
      fc.uint8Array({ maxLength: 100 }),
      fc.integer({ min: 0, max: 2 ** 45 }),
      fc.bigInt({ min: 0n, max: 2n ** 32n }),
      async (type, content, sentAt, epoch) => {
        const msgId = randomId();
        const plain = encodeContentEnvelope({ type, msgId, sentAt, content });
        assert.deepEqual(decodeContentEnvelope(plain), { type, msgId, sentAt, content });
        const signed = await encodeSignedContentEnvelope(
          { type, msgId, sentAt, content },
          { identity: me, roomId: room, epoch },
        );
        const d = await decodeSignedContentEnvelope(signed, { roomId: room, epoch });
        assert.deepEqual(d, { type, msgId, sentAt, author: me.publicIdentity.signingKey, content });
        const undecryptable = { code: 'CLIENT_UNDECRYPTABLE' };
        await assert.rejects(
          decodeSignedContentEnvelope(signed, { roomId: 'room-two-0123456789ab', epoch }),
          undecryptable,
        );
        await assert.rejects(
          decodeSignedContentEnvelope(signed, { roomId: room, epoch: epoch + 1n }),
          undecryptable,
        );
        const flipped = signed.slice();
        const at = flipped.length - 1;
        flipped[at] = (flipped[at] ?? 0) ^ 1;
        await assert.rejects(decodeSignedContentEnvelope(flipped, { roomId: room, epoch }), undecryptable);
        // a signed envelope cut short of its signature, or an unsigned one offered as signed
        await assert.rejects(decodeSignedContentEnvelope(plain, { roomId: room, epoch }), undecryptable);
      },
    ),
    { numRuns: 30 },
  );
});

test('a signed envelope has the same bytes on every backend (WebCrypto, OpenSSL, noble) and each one verifies it', async () => {
  const me = await DeviceIdentity.generateAsync();
  const env = {
    type: ContentType.TEXT,
    msgId: randomId(),
    sentAt: 1_700_000_000_000,
    content: utf8('hello'),
  };
  const signer = { identity: me, roomId: 'room-one-0123456789ab', epoch: 7n };
  const made: Uint8Array[] = [];
  try {
    for (const backend of ['web', 'js', 'auto'] as const) {
      setCryptoBackend(backend);
      made.push(await encodeSignedContentEnvelope(env, signer));
    }
    for (const backend of ['web', 'js', 'auto'] as const) {
      setCryptoBackend(backend);
      const d = await decodeSignedContentEnvelope(made[0] as Uint8Array, {
        roomId: signer.roomId,
        epoch: 7n,
      });
      assert.deepEqual(d.content, env.content, backend);
    }
  } finally {
    setCryptoBackend('auto');
  }
  assert.deepEqual(made[1], made[0]);
  assert.deepEqual(made[2], made[0]);
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
