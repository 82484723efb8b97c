import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenVerifier } from 'livekit-server-sdk';
import { CallsError } from './errors.js';
import { hashName } from './hash-name.js';
import { LIVEKIT_ROOM_NAME_LABEL, LIVEKIT_TOKEN_TTL_SECONDS } from './limits.js';
import { type LiveKitConfig, mintLiveKitToken } from './livekit-token.js';

const config: LiveKitConfig = {
  url: 'ws://127.0.0.1:7880',
  apiKey: 'APItestkey',
  apiSecret: 'a-test-secret-of-at-least-32-characters-long',
  hashKey: 'relay-hash-key-0123456789abcdef',
};

test('a token is scoped to one hashed room, short-lived, and has no room-creation or admin rights', async () => {
  const grant = await mintLiveKitToken(config, { room: 'room-1', identity: 'alice', isMember: true });
  const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(grant.token);
  assert.equal(grant.ttlSeconds, LIVEKIT_TOKEN_TTL_SECONDS);
  assert.ok(claims.exp !== undefined && claims.nbf !== undefined);
  assert.ok((claims.exp as number) - (claims.nbf as number) <= LIVEKIT_TOKEN_TTL_SECONDS);
  const video = claims.video;
  assert.ok(video);
  assert.equal(video.room, grant.room);
  assert.equal(video.roomJoin, true);
  assert.equal(video.roomCreate, false);
  assert.equal(video.roomAdmin, false);
  assert.equal(video.roomList, false);
  assert.equal(video.roomRecord, false);
  assert.equal(video.canPublish, true);
  assert.equal(video.canSubscribe, true);
  assert.equal(claims.sub, grant.identity);
  // Neither the room id nor the identity appears in the clear.
  assert.ok(!grant.token.includes('room-1') && !grant.room.includes('room-1'));
  assert.ok(!grant.identity.includes('alice'));
  assert.equal(grant.room, hashName(config.hashKey, LIVEKIT_ROOM_NAME_LABEL, 'room-1'));
  assert.match(grant.room, /^[A-Za-z0-9_-]{43}$/);
});

test('members of one room share the room name and get distinct identities; other rooms differ', async () => {
  const a = await mintLiveKitToken(config, { room: 'r', identity: 'alice', isMember: true });
  const b = await mintLiveKitToken(config, { room: 'r', identity: 'bob', isMember: true });
  const c = await mintLiveKitToken(config, { room: 'r2', identity: 'alice', isMember: true });
  assert.equal(a.room, b.room);
  assert.notEqual(a.identity, b.identity);
  assert.notEqual(a.room, c.room);
  assert.notEqual(a.identity, c.identity);
  const otherKey = await mintLiveKitToken(
    { ...config, hashKey: 'another-hash-key-0123456789abcdef' },
    { room: 'r', identity: 'alice', isMember: true },
  );
  assert.notEqual(otherKey.room, a.room);
});

test('non-members are refused with CALLS_NOT_MEMBER', async () => {
  await assert.rejects(
    mintLiveKitToken(config, { room: 'r', identity: 'mallory', isMember: false }),
    (err: unknown) => err instanceof CallsError && err.code === 'CALLS_NOT_MEMBER',
  );
});

test('lifetime and secrets are validated', async () => {
  await assert.rejects(
    mintLiveKitToken(config, { room: 'r', identity: 'a', isMember: true, ttlSeconds: 0 }),
    RangeError,
  );
  await assert.rejects(
    mintLiveKitToken(config, { room: 'r', identity: 'a', isMember: true, ttlSeconds: 3600 }),
    RangeError,
  );
  await assert.rejects(
    mintLiveKitToken({ ...config, apiSecret: 'short' }, { room: 'r', identity: 'a', isMember: true }),
    RangeError,
  );
  await assert.rejects(
    mintLiveKitToken({ ...config, hashKey: 'short' }, { room: 'r', identity: 'a', isMember: true }),
    RangeError,
  );
  await assert.rejects(mintLiveKitToken(config, { room: '', identity: 'a', isMember: true }), TypeError);
});

test('a token signed with another secret does not verify', async () => {
  const grant = await mintLiveKitToken(config, { room: 'r', identity: 'a', isMember: true });
  await assert.rejects(
    new TokenVerifier(config.apiKey, 'another-secret-of-32-characters-long!!').verify(grant.token),
  );
});
