import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ciphertext, roomId, startRelayProcess, TestClient } from './testing/index.js';

/** Calls configuration of the run: none of these values may appear in logs or metrics. */
const CALLS_ENV = {
  CRYPTALK_LIVEKIT_URL: 'wss://sfu.example.com',
  CRYPTALK_LIVEKIT_API_KEY: 'APInoleak',
  CRYPTALK_LIVEKIT_API_SECRET: randomBytes(24).toString('base64url'),
  CRYPTALK_CALLS_HASH_KEY: randomBytes(24).toString('base64url'),
  CRYPTALK_TURN_SECRET: randomBytes(24).toString('base64url'),
  CRYPTALK_TURN_URLS: 'turn:127.0.0.1:3478',
};

test('a busy run leaves no room id, key, IP, payload or secret in the logs or the metrics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-leak-'));
  const relay = await startRelayProcess(['--store', 'embedded', '--data-dir', dir], {
    CRYPTALK_LOG: 'trace',
    ...CALLS_ENV,
  });
  const secrets: string[] = [
    '127.0.0.1',
    CALLS_ENV.CRYPTALK_LIVEKIT_API_SECRET,
    CALLS_ENV.CRYPTALK_CALLS_HASH_KEY,
    CALLS_ENV.CRYPTALK_TURN_SECRET,
  ];
  try {
    const rooms = [roomId(), roomId()];
    secrets.push(...rooms);
    const a = await TestClient.connect(relay.url);
    const b = await TestClient.connect(relay.url);
    for (const room of rooms) {
      await a.join(room);
      await b.join(room);
      secrets.push(a.roomKey(room), b.roomKey(room));
      for (let i = 0; i < 20; i++) {
        const ct = ciphertext(30);
        const msgId = randomBytes(16).toString('base64url');
        secrets.push(ct, msgId);
        await a.publish(room, ct, msgId);
      }
      const data = ciphertext(20);
      secrets.push(data);
      a.send({ v: 1, t: 'signal', room, data });
      b.send({ v: 1, t: 'recv', room, offset: 5 });
    }
    // Failures of every kind.
    const ch = await b.challenge();
    const bad = b.prove(rooms[0] as string, ch);
    b.send({ v: 1, t: 'join', room: rooms[0] as string, proof: { ...bad, sig: `A${bad.sig.slice(1)}` } });
    b.send('{"v":1,"t":"publish","room":"garbage-room-id-value-here"');
    b.send({
      v: 1,
      t: 'publish',
      room: roomId(),
      msgId: randomBytes(16).toString('base64url'),
      epoch: 0,
      ct: 'eA',
    });
    const owner = a.prove('directory', await a.challenge());
    secrets.push(owner.key, 'QlVORExFLXNlY3JldA');
    a.send({ v: 1, t: 'keys.put', proof: owner, bundle: 'QlVORExFLXNlY3JldA', rid: 'k' });
    await a.next((f) => f.rid === 'k');
    const blob = randomBytes(500);
    const blobId = createHash('sha256').update(blob).digest('base64url');
    secrets.push(blobId);
    const http = relay.url.replace('ws://', 'http://');
    assert.equal(
      (await fetch(`${http}/v1/blobs/${blobId}`, { method: 'PUT', body: new Uint8Array(blob) })).status,
      201,
    );
    await a.publish(rooms[1] as string, ciphertext());
    // Call credentials: granted, refused (non-member, replayed proof, malformed).
    const call = async (path: string, body?: unknown) => {
      const res = await fetch(`${http}${path}`, {
        method: 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const room = rooms[0] as string;
    const ch1 = (await call('/calls/challenge')).json as unknown as Parameters<TestClient['prove']>[1];
    const proof1 = { room, connId: ch1.connId, proof: a.prove(room, ch1) };
    const token = await call('/calls/token', proof1);
    assert.equal(token.status, 200);
    secrets.push(token.json.token as string, token.json.identity as string, token.json.room as string);
    assert.equal((await call('/calls/token', proof1)).status, 401);
    const ch2 = (await call('/calls/challenge')).json as unknown as Parameters<TestClient['prove']>[1];
    const turn = await call('/calls/turn', { room, connId: ch2.connId, proof: a.prove(room, ch2) });
    assert.equal(turn.status, 200);
    const [server] = turn.json.iceServers as { username: string; credential: string }[];
    assert.ok(server);
    secrets.push(server.credential, server.username.split(':')[1] as string);
    const ch3 = (await call('/calls/challenge')).json as unknown as Parameters<TestClient['prove']>[1];
    const stranger = roomId();
    secrets.push(stranger);
    assert.equal(
      (await call('/calls/turn', { room: stranger, connId: ch3.connId, proof: a.prove(stranger, ch3) }))
        .status,
      403,
    );
    assert.equal((await call('/calls/token', { room, pad: 'x' })).status, 400);
    const metrics = await (await fetch(`${http}/metrics`)).text();
    a.close();
    b.close();
    await relay.stop('SIGTERM');
    const lines = relay
      .stdout()
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('cryptalk-relay listening'));
    assert.ok(lines.length >= 5, `expected a busy log, got ${lines.length} lines`);
    for (const line of lines) JSON.parse(line); // every log line is structured JSON
    const haystack = `${lines.join('\n')}\n${metrics}`;
    assert.match(metrics, /cryptalk_messages_stored_total \d+/);
    for (const s of secrets)
      assert.ok(!haystack.includes(s), `logs or metrics contain a secret (${s.length} chars)`);
  } finally {
    await relay.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
