import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ChallengeFrame } from '@cryptalk/sdk/protocol';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import WebSocket from 'ws';
import { type LiveKitServer, startLiveKit } from '../../../../test/helpers/livekit.js';
import { createRelay, type Relay } from '../../relay.js';
import { roomId, TestClient } from '../../testing/index.js';

// A real LiveKit server (LIVEKIT_SERVER or ~/.cache/cryptalk/livekit/server; `.ci/run` builds it). When it is
// missing, startLiveKit throws an error naming it and this test fails.
let lk: LiveKitServer;
let relay: Relay;
before(async () => {
  lk = await startLiveKit();
  relay = await createRelay({
    port: 0,
    livekitUrl: lk.url,
    livekitApiKey: lk.apiKey,
    livekitApiSecret: lk.apiSecret,
    callsHashKey: 'calls-hash-key-0123456789abcdef',
  });
});
after(async () => {
  await relay?.close();
  await lk?.stop();
});

async function post(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${relay.port}${path}`, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

/** Whether LiveKit's signalling endpoint accepts a token (`/rtc/validate`: 200 valid, 401 not). */
async function validate(token: string): Promise<number> {
  const http = lk.url.replace(/^ws/, 'http');
  const res = await fetch(`${http}/rtc/validate?access_token=${encodeURIComponent(token)}`);
  await res.arrayBuffer();
  return res.status;
}

test('a token from /calls/token joins the hashed room on a real LiveKit server', async () => {
  const client = await TestClient.connect(relay.url);
  const room = roomId();
  try {
    await client.join(room);
    const ch = (await post('/calls/challenge')) as unknown as ChallengeFrame;
    const grant = await post('/calls/token', { room, connId: ch.connId, proof: client.prove(room, ch) });
    assert.equal(grant.url, lk.url);
    const token = grant.token as string;
    assert.equal(await validate(token), 200);

    // Join over LiveKit's signalling WebSocket and see the participant in the hashed room.
    const ws = new WebSocket(
      `${lk.url}/rtc?access_token=${encodeURIComponent(token)}&auto_subscribe=1&protocol=15`,
    );
    const first = new Promise<void>((resolve, reject) => {
      ws.once('message', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`LiveKit refused the join: ${res.statusCode}`)),
      );
    });
    await first;
    const svc = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
    const participants = await svc.listParticipants(grant.room as string);
    assert.deepEqual(
      participants.map((p) => p.identity),
      [grant.identity],
    );
    const rooms = await svc.listRooms();
    assert.ok(
      rooms.every((r) => !r.name.includes(room)),
      'LiveKit never sees the room id',
    );
    ws.close();

    // A token LiveKit did not issue keys for is refused by the same endpoint (the check above is meaningful).
    const forged = new AccessToken(lk.apiKey, 'another-secret-of-at-least-32-characters', {
      identity: grant.identity as string,
    });
    forged.addGrant({ room: grant.room as string, roomJoin: true });
    assert.equal(await validate(await forged.toJwt()), 401);
  } finally {
    client.close();
  }
});
