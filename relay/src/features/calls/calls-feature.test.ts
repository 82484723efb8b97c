import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { ChallengeFrame, Proof } from '@cryptalk/sdk/protocol';
import { TokenVerifier } from 'livekit-server-sdk';
import { loadConfig } from '../../config.js';
import { resolveRelayOptions } from '../../options.js';
import { createRelay, type Relay } from '../../relay.js';
import { roomId, TestClient } from '../../testing/index.js';
import { hashName } from './hash-name.js';
import { LIVEKIT_ROOM_NAME_LABEL, TURN_USERNAME_LABEL } from './limits.js';

const SITE = 'https://shop.example';
const CALLS = {
  livekitUrl: 'wss://sfu.example.com',
  livekitApiKey: 'APIcallstest',
  livekitApiSecret: 'livekit-secret-of-at-least-32-characters!',
  callsHashKey: 'calls-hash-key-0123456789abcdef',
  turnSecret: 'turn-static-auth-secret-0123456789',
  turnUrls: ['turn:127.0.0.1:3478?transport=udp', 'turns:turn.example.com:5349'],
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** One HTTP request to the relay (node:http, so the Origin header is exactly what the test sets). */
function http(
  relay: Relay,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: relay.port,
        method,
        path,
        headers: {
          ...(data === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const code = (a: Answer) => (a.body.error as { code?: string } | undefined)?.code;

/** Asks for an HTTP challenge and proves `room`'s key of `client` over it. */
async function proven(
  relay: Relay,
  client: TestClient,
  room: string,
  origin = relay.origin,
): Promise<{ room: string; connId: string; proof: Proof }> {
  const ch = await http(relay, 'POST', '/calls/challenge');
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const frame = { v: 1, t: 'challenge', ...ch.body } as unknown as ChallengeFrame;
  return { room, connId: frame.connId, proof: client.prove(room, frame, origin) };
}

let relay: Relay;
let member: TestClient;
let stranger: TestClient;
let room: string;
before(async () => {
  relay = await createRelay({ port: 0, allowedOrigins: [SITE], callsPerMinute: 1000, ...CALLS });
  member = await TestClient.connect(relay.url);
  stranger = await TestClient.connect(relay.url);
  room = roomId();
  await member.join(room);
});
after(async () => {
  member.close();
  stranger.close();
  await relay.close();
});

describe('POST /calls/token', () => {
  test('mints a LiveKit token for a member: one hashed room, join only, TTL ≤ 10 min, verifiable', async () => {
    const a = await http(relay, 'POST', '/calls/token', await proven(relay, member, room));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(a.headers['cache-control'], 'no-store');
    const { token, url, identity, ttlSeconds } = a.body as {
      token: string;
      url: string;
      identity: string;
      ttlSeconds: number;
    };
    assert.equal(url, CALLS.livekitUrl);
    const claims = await new TokenVerifier(CALLS.livekitApiKey, CALLS.livekitApiSecret).verify(token, 0);
    assert.ok(typeof claims.exp === 'number' && typeof claims.nbf === 'number');
    assert.ok(claims.exp - claims.nbf <= 600 && ttlSeconds <= 600, 'lifetime at most 10 minutes');
    assert.ok(claims.exp * 1000 > Date.now());
    assert.equal(claims.sub, identity);
    const hashedRoom = hashName(CALLS.callsHashKey, LIVEKIT_ROOM_NAME_LABEL, room);
    // Exactly these grants: joining one room with media rights, nothing administrative.
    assert.deepEqual(Object.fromEntries(Object.entries(claims.video ?? {}).filter(([, v]) => v !== false)), {
      room: hashedRoom,
      roomJoin: true,
      canPublish: true,
      canSubscribe: true,
      canPublishData: true,
    });
    for (const right of ['roomCreate', 'roomAdmin', 'roomList', 'roomRecord', 'ingressAdmin'] as const) {
      assert.notEqual(claims.video?.[right], true, right);
    }
    assert.equal(claims.sip, undefined);
    // No room id or room key in clear anywhere in the token.
    const decoded = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
    assert.ok(!decoded.includes(room) && !token.includes(room), 'room id in clear');
    assert.ok(!decoded.includes(member.roomKey(room)), 'room key in clear');
  });

  test('a token asked for with ttlSeconds 1 expires', async () => {
    const a = await http(relay, 'POST', '/calls/token', {
      ...(await proven(relay, member, room)),
      ttlSeconds: 1,
    });
    assert.equal(a.status, 200);
    const token = a.body.token as string;
    const verifier = new TokenVerifier(CALLS.livekitApiKey, CALLS.livekitApiSecret);
    await verifier.verify(token, 0);
    await new Promise((r) => setTimeout(r, 2100));
    await assert.rejects(verifier.verify(token, 0), /exp/);
    const tooLong = await http(relay, 'POST', '/calls/token', {
      ...(await proven(relay, member, room)),
      ttlSeconds: 601,
    });
    assert.equal(tooLong.status, 400);
    assert.equal(code(tooLong), 'PROTO_INVALID_FIELD');
  });

  test('refused to a key that never joined the room, and for a room that does not exist', async () => {
    const a = await http(relay, 'POST', '/calls/token', await proven(relay, stranger, room));
    assert.equal(a.status, 403);
    assert.equal(code(a), 'CALLS_NOT_MEMBER');
    const b = await http(relay, 'POST', '/calls/token', await proven(relay, member, roomId()));
    assert.equal(b.status, 403);
    assert.equal(code(b), 'CALLS_NOT_MEMBER');
    // A member of another room is not a member of this one.
    const other = roomId();
    await stranger.join(other);
    const c = await http(relay, 'POST', '/calls/token', await proven(relay, stranger, room));
    assert.equal(code(c), 'CALLS_NOT_MEMBER');
  });

  test('refused for a wrong proof: another key, another origin, another challenge connection', async () => {
    const good = await proven(relay, member, room);
    const otherKey = await proven(relay, stranger, room);
    const a = await http(relay, 'POST', '/calls/token', {
      ...good,
      proof: { ...good.proof, key: otherKey.proof.key },
    });
    assert.equal(a.status, 401);
    assert.equal(code(a), 'AUTH_BAD_PROOF');
    const b = await http(
      relay,
      'POST',
      '/calls/token',
      await proven(relay, member, room, 'wss://evil.example'),
    );
    assert.equal(b.status, 401);
    assert.equal(code(b), 'AUTH_BAD_PROOF');
    const c = await proven(relay, member, room);
    const d = await http(relay, 'POST', '/calls/token', { ...c, connId: otherKey.connId });
    assert.equal(d.status, 401);
    assert.equal(code(d), 'AUTH_UNKNOWN_CHALLENGE');
  });

  test('a challenge is accepted once: a replayed proof is refused', async () => {
    const body = await proven(relay, member, room);
    assert.equal((await http(relay, 'POST', '/calls/token', body)).status, 200);
    const again = await http(relay, 'POST', '/calls/token', body);
    assert.equal(again.status, 401);
    assert.equal(code(again), 'AUTH_UNKNOWN_CHALLENGE');
    // Nor can a token proof be replayed on /calls/turn.
    const turn = await http(relay, 'POST', '/calls/turn', body);
    assert.equal(code(turn), 'AUTH_UNKNOWN_CHALLENGE');
  });

  test('a challenge issued on a WebSocket connection is not accepted over HTTP', async () => {
    const ch = await member.challenge();
    const a = await http(relay, 'POST', '/calls/token', {
      room,
      connId: ch.connId,
      proof: member.prove(room, ch),
    });
    assert.equal(a.status, 401);
    assert.equal(code(a), 'AUTH_UNKNOWN_CHALLENGE');
  });
});

describe('Origin, CORS and malformed requests', () => {
  test('a foreign Origin is refused with 403 RELAY_ORIGIN_FORBIDDEN; the allowed site gets CORS headers', async () => {
    for (const path of ['/calls/challenge', '/calls/token', '/calls/turn']) {
      const a = await http(relay, 'POST', path, {}, { origin: 'https://evil.example' });
      assert.equal(a.status, 403, path);
      assert.equal(code(a), 'RELAY_ORIGIN_FORBIDDEN', path);
      assert.equal(a.headers['access-control-allow-origin'], undefined);
    }
    const pre = await http(relay, 'OPTIONS', '/calls/token', undefined, { origin: SITE });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], SITE);
    assert.equal(pre.headers['access-control-allow-methods'], 'POST');
    const ok = await http(relay, 'POST', '/calls/token', await proven(relay, member, room), { origin: SITE });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], SITE);
  });

  test('malformed bodies get typed 4xx answers and the relay stays up', async () => {
    const good = await proven(relay, member, room);
    const cases: [unknown, string, number][] = [
      ['{not json', 'PROTO_MALFORMED_JSON', 400],
      [[1, 2], 'PROTO_NOT_OBJECT', 400],
      [{ ...good, room: 'x' }, 'PROTO_INVALID_FIELD', 400],
      [{ ...good, extra: 1 }, 'PROTO_INVALID_FIELD', 400],
      [{ ...good, proof: { ...good.proof, sig: 'AA' } }, 'PROTO_INVALID_FIELD', 400],
      [{ room, proof: good.proof }, 'PROTO_INVALID_FIELD', 400],
      [{ ...good, pad: 'x'.repeat(10_000) }, 'PROTO_TOO_LARGE', 413],
    ];
    for (const [body, want, status] of cases) {
      const a = await http(relay, 'POST', '/calls/token', body);
      assert.equal(code(a), want, JSON.stringify(body).slice(0, 60));
      assert.equal(a.status, status);
    }
    const text = await http(relay, 'POST', '/calls/token', 'room=x', { 'content-type': 'text/plain' });
    assert.equal(text.status, 400);
    assert.equal((await http(relay, 'GET', '/calls/token')).status, 405);
    // None of those consumed the good challenge.
    assert.equal((await http(relay, 'POST', '/calls/token', good)).status, 200);
  });
});

describe('POST /calls/turn', () => {
  test('returns coturn REST credentials: expiry:pseudonym, base64(HMAC-SHA1(secret, username)), the URLs', async () => {
    const before = Math.floor(Date.now() / 1000);
    const a = await http(relay, 'POST', '/calls/turn', await proven(relay, member, room));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    const ttl = a.body.ttlSeconds as number;
    assert.ok(ttl > 0 && ttl <= 86_400);
    const [server, ...rest] = a.body.iceServers as { urls: string[]; username: string; credential: string }[];
    assert.ok(server && rest.length === 0);
    assert.deepEqual(server.urls, CALLS.turnUrls);
    const [expiry, pseudonym, ...more] = server.username.split(':');
    assert.equal(more.length, 0);
    assert.ok(Number(expiry) >= before + ttl && Number(expiry) <= before + ttl + 2);
    assert.equal(
      pseudonym,
      hashName(CALLS.callsHashKey, TURN_USERNAME_LABEL, `${room}\0${member.roomKey(room)}`),
      'a stable pseudonym of (room, key) under the relay key',
    );
    assert.ok(!server.username.includes(room) && !server.username.includes(member.roomKey(room)));
    const expected = createHmac('sha1', CALLS.turnSecret).update(server.username).digest('base64');
    assert.equal(server.credential, expected);
  });

  test('refused to non-members', async () => {
    const a = await http(relay, 'POST', '/calls/turn', await proven(relay, stranger, room));
    assert.equal(a.status, 403);
    assert.equal(code(a), 'CALLS_NOT_MEMBER');
  });
});

describe('configuration', () => {
  test('a relay without LiveKit or TURN answers 503 CALLS_NOT_CONFIGURED', async () => {
    const bare = await createRelay({ port: 0 });
    try {
      for (const path of ['/calls/challenge', '/calls/token', '/calls/turn']) {
        const a = await http(bare, 'POST', path, {});
        assert.equal(a.status, 503, path);
        assert.equal(code(a), 'CALLS_NOT_CONFIGURED');
      }
    } finally {
      await bare.close();
    }
  });

  test('TURN only: tokens are 503, TURN works; requests are rate limited per IP', async () => {
    const { turnSecret, turnUrls, callsHashKey } = CALLS;
    const r = await createRelay({ port: 0, turnSecret, turnUrls, callsHashKey, callsPerMinute: 3 });
    const c = await TestClient.connect(r.url);
    try {
      const rm = roomId();
      await c.join(rm);
      assert.equal(code(await http(r, 'POST', '/calls/token', {})), 'CALLS_NOT_CONFIGURED');
      assert.equal((await http(r, 'POST', '/calls/turn', await proven(r, c, rm))).status, 200);
      assert.equal((await http(r, 'POST', '/calls/challenge')).status, 200); // the third of 3 per minute
      const limited = await http(r, 'POST', '/calls/challenge');
      assert.equal(limited.status, 429);
      assert.equal(code(limited), 'RELAY_RATE_LIMITED');
    } finally {
      c.close();
      await r.close();
    }
  });

  test('options are validated with errors that name the option and never echo a secret', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ livekitUrl: CALLS.livekitUrl }, 'livekitUrl'],
      [{ ...CALLS, livekitUrl: 'ftp://x' }, 'livekitUrl'],
      [{ ...CALLS, livekitApiSecret: 'short-secret' }, 'livekitApiSecret'],
      [{ ...CALLS, callsHashKey: undefined }, 'callsHashKey'],
      [{ ...CALLS, turnSecret: undefined }, 'turnSecret'],
      [{ ...CALLS, turnUrls: ['http://x'] }, 'turnUrls'],
      [{ ...CALLS, turnUrls: [] }, 'turnUrls'],
    ];
    for (const [opts, name] of bad) {
      assert.throws(
        () => resolveRelayOptions(opts),
        (err: Error & { code?: string }) =>
          err.code === 'RELAY_CONFIG_INVALID' &&
          err.message.includes(`"${name}"`) &&
          !err.message.includes('short-secret') &&
          !err.message.includes(CALLS.livekitApiSecret),
        name,
      );
    }
    assert.doesNotThrow(() => resolveRelayOptions(CALLS));
  });

  test('flags, environment and the config file all set the calls options', () => {
    const env = {
      CRYPTALK_LIVEKIT_URL: CALLS.livekitUrl,
      CRYPTALK_LIVEKIT_API_KEY: CALLS.livekitApiKey,
      CRYPTALK_LIVEKIT_API_SECRET: CALLS.livekitApiSecret,
      CRYPTALK_CALLS_HASH_KEY: CALLS.callsHashKey,
      CRYPTALK_TURN_SECRET: CALLS.turnSecret,
      CRYPTALK_TURN_URLS: CALLS.turnUrls.join(','),
    };
    const fromEnv = loadConfig([], env).options;
    assert.deepEqual(resolveRelayOptions(fromEnv).turnUrls, CALLS.turnUrls);
    assert.equal(fromEnv.livekitApiSecret, CALLS.livekitApiSecret);
    const fromFlags = loadConfig(
      ['--turn-urls', 'stun:127.0.0.1:3478', '--calls-per-minute', '7'],
      env,
    ).options;
    assert.deepEqual(fromFlags.turnUrls, ['stun:127.0.0.1:3478']);
    assert.equal(fromFlags.callsPerMinute, 7);
  });
});
