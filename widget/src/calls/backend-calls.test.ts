import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { decodeCallSignal } from '@cryptalk/sdk/calls';
import { sameThreadChannelPair } from '@cryptalk/sdk/remote';
import WebSocket from 'ws';
import type { CallSignalEvent, ChatBackend } from '../backend/chat-backend.js';
import { ClientBackend } from '../backend/client-backend.js';
import { MemoryBackend, MemoryHub } from '../backend/memory-backend.js';
import { isCallSignalEvent, REMOTE_BACKEND_MAX_CALL_SIGNAL } from '../placement/backend-schema.js';
import { RemoteBackend } from '../placement/remote-backend.js';
import { serveBackend } from '../placement/serve-backend.js';
import { backendCallEnvironment, hasCallEnvironment } from './backend-call-environment.js';
import { enableBackendCalls } from './backend-calls.js';
import type { IncomingCallHandle } from './call-handle.js';

const CALLS = {
  livekitUrl: 'ws://127.0.0.1:7880',
  livekitApiKey: 'APIbridgetest',
  livekitApiSecret: 'livekit-secret-of-at-least-32-characters!',
  callsHashKey: 'calls-hash-key-0123456789abcdef',
  turnSecret: 'turn-static-auth-secret-0123456789',
  turnUrls: ['turn:127.0.0.1:3478?transport=udp'],
};

let relay: Relay;
const globalWs = globalThis as { WebSocket?: unknown };
const hadWebSocket = globalWs.WebSocket !== undefined;
before(async () => {
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
    callsPerMinute: 1_000,
    ...CALLS,
  });
  if (!hadWebSocket) globalWs.WebSocket = WebSocket;
});
after(async () => {
  if (!hadWebSocket) delete globalWs.WebSocket;
  await relay.close();
});

/** Node has no media: the page-side call only needs `getUserMedia` to resolve. */
const noMedia = {
  getUserMedia: async () => ({ getTracks: () => [], getVideoTracks: () => [] }),
} as unknown as MediaDevices;
const noWorker = (): Worker => {
  throw new Error('no E2EE worker in Node');
};

function within<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

/** A ClientBackend served over a channel, as the worker placement does, and its page-side RemoteBackend. */
async function placed(userName: string) {
  const [client, server] = sameThreadChannelPair();
  const refused: string[] = [];
  const host = serveBackend(
    server,
    () => new ClientBackend({ relay: relay.url, userName, persist: 'none' }),
    {
      onReject: (e) => refused.push(e.code),
    },
  );
  const remote = await RemoteBackend.connect(client, { relay: relay.url, inviteBase: '' });
  await remote.connect();
  return { remote, host, refused };
}

/** Closes placed backends: the page sides first, then (once the worker sides closed theirs) the hosts. */
async function closePlaced(...all: Awaited<ReturnType<typeof placed>>[]): Promise<void> {
  await Promise.all(all.map((p) => p.remote.close()));
  for (const p of all) p.host.close();
}

test('through the worker bridge: a page-side call rings the other member; credentials and secrets cross, checked', async () => {
  const a = await placed('Ada');
  const b = await placed('Bob');
  try {
    assert.equal(a.remote.capabilities.calls, true);
    assert.ok(hasCallEnvironment(a.remote));
    await a.remote.join('team');
    const link = await a.remote.inviteLink('team');
    await b.remote.join(link);
    const infoA = await (a.remote.callRoom as NonNullable<ChatBackend['callRoom']>)('team');
    const infoB = await (b.remote.callRoom as NonNullable<ChatBackend['callRoom']>)(link);
    assert.match(infoA.selfId, /^ed25519:/);
    assert.notEqual(infoA.selfId, infoB.selfId);
    assert.equal(infoA.perCallSecret, false, 'a group room keys media from its MLS exporter secret');

    const callsA = enableBackendCalls(a.remote, { mediaDevices: noMedia, e2eeWorker: noWorker });
    const callsB = enableBackendCalls(b.remote, { mediaDevices: noMedia, e2eeWorker: noWorker });
    assert.ok(callsA && callsB);
    const rang = within(
      new Promise<{ room: string; call: IncomingCallHandle }>((resolve) =>
        callsB.onIncomingCall((room, call) => resolve({ room, call })),
      ),
      'the ring at Bob’s page',
    );
    const call = await callsA.startCall('team', { audio: true, video: false });
    assert.equal(call.phase, 'ringing');
    const { room, call: ring } = await rang;
    assert.equal(room, link, 'the ring names Bob’s room');
    assert.equal(ring.id, call.id);
    assert.equal(ring.from, infoA.selfId);
    assert.deepEqual(ring.media, { audio: true, video: false });
    await call.hangUp();

    // The environment over the bridge: relay credentials (proven in the worker) and equal media secrets.
    const envA = backendCallEnvironment(a.remote as never, 'team', infoA);
    const envB = backendCallEnvironment(b.remote as never, link, infoB);
    const turn = await envA.credentials.turn();
    assert.deepEqual(turn.iceServers[0]?.urls, CALLS.turnUrls);
    assert.ok(turn.iceServers[0]?.credential);
    const grant = await envA.credentials.liveKitToken();
    assert.equal(grant.url, CALLS.livekitUrl);
    const [sa, sb] = await Promise.all([envA.groupSecret(), envB.groupSecret()]);
    assert.equal(sa.length, 32);
    assert.deepEqual(sa, sb);

    // Signals both ways through the bridge, authenticated by member id.
    const got = within(
      new Promise<[string, string]>((resolve) => envB.signals.onSignal((from, p) => resolve([from, p]))),
      'a signal at Bob',
    );
    const text = JSON.stringify({ v: 1, k: 'leave', call: 'bridge-test', sentAt: Date.now() });
    envA.signals.send(text);
    assert.deepEqual(await got, [infoA.selfId, text]);
    assert.equal(decodeCallSignal(text)?.k, 'leave');
    envA.close();
    envB.close();

    // Strict at the boundary: an oversize signal is refused by the schema, never reaching the backend.
    (a.remote.callSignal as NonNullable<ChatBackend['callSignal']>)(
      'team',
      'x'.repeat(REMOTE_BACKEND_MAX_CALL_SIGNAL + 1),
    );
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(a.refused.length > 0, 'the oversize signal was refused');
    await callsA.closeCalls();
    await callsB.closeCalls();
  } finally {
    await closePlaced(a, b);
  }
});

test('through the worker bridge: a ring that came before the calls were enabled is replayed; decline ends the caller’s call; a caller hanging up cancels the ring', async () => {
  const a = await placed('Ada');
  const b = await placed('Bob');
  try {
    await a.remote.join('pair');
    const link = await a.remote.inviteLink('pair');
    await b.remote.join(link);
    const info = await (a.remote.callRoom as NonNullable<ChatBackend['callRoom']>)('pair');
    assert.equal(info.otherMembers, 1, 'Ada’s room has one other member');
    // Bob's page has not enabled calls yet (the panel keeps signals until the calls chunk loaded).
    const kept: CallSignalEvent[] = [];
    const offKeep = b.remote.on('callSignal', (e) => kept.push(e));
    const callsA = enableBackendCalls(a.remote, { mediaDevices: noMedia, e2eeWorker: noWorker });
    assert.ok(callsA);
    const call = await callsA.startCall('pair', { audio: true, video: false });
    await within(
      (async () => {
        while (!kept.some((e) => e.payload.includes('"ring"'))) await new Promise((r) => setTimeout(r, 20));
      })(),
      'the ring at Bob’s page',
    );
    offKeep();
    const callsB = enableBackendCalls(b.remote, {
      mediaDevices: noMedia,
      e2eeWorker: noWorker,
      replay: kept,
    });
    assert.ok(callsB);
    const ring = await within(
      new Promise<IncomingCallHandle>((resolve) => callsB.onIncomingCall((_room, r) => resolve(r))),
      'the replayed ring',
    );
    assert.equal(ring.id, call.id, 'the first ring was not lost');
    const ended = within(
      new Promise<{ code: string }>((resolve) => call.on('ended', resolve)),
      'the caller’s call to end',
    );
    ring.decline();
    assert.equal((await ended).code, 'declined');

    // Ringing again; this time Ada hangs up before Bob answers: the ring is cancelled at Bob's page.
    const next = within(
      new Promise<IncomingCallHandle>((resolve) => callsB.onIncomingCall((_room, r) => resolve(r))),
      'the second ring',
    );
    const second = await callsA.startCall('pair', { audio: true, video: false });
    const ring2 = await next;
    const cancelled = within(
      new Promise<{ reason: string }>((resolve) => ring2.on('cancelled', resolve)),
      'the ring to be cancelled',
    );
    await second.hangUp();
    assert.deepEqual(await cancelled, { reason: 'caller-left' });
    assert.equal(ring2.cancelled, 'caller-left');
    await callsA.closeCalls();
    await callsB.closeCalls();
  } finally {
    await closePlaced(a, b);
  }
});

test('call signal events are checked strictly; a backend without calls is not made call-capable', async () => {
  const ok = { room: 'r', from: 'ed25519:x', payload: '{}' };
  assert.ok(isCallSignalEvent(ok));
  for (const bad of [
    null,
    [],
    { ...ok, extra: 1 },
    { ...ok, room: '' },
    { ...ok, from: 'x'.repeat(257) },
    { ...ok, payload: 'x'.repeat(REMOTE_BACKEND_MAX_CALL_SIGNAL + 1) },
    { ...ok, payload: 7 },
  ]) {
    assert.equal(isCallSignalEvent(bad), false, JSON.stringify(bad)?.slice(0, 60));
  }
  const memory = new MemoryBackend({ hub: new MemoryHub(), userName: 'Ann' });
  assert.equal(enableBackendCalls(memory), undefined);
  // Served without calls, the bridge answers the call commands with WIDGET_UNSUPPORTED.
  const [client, server] = sameThreadChannelPair();
  const host = serveBackend(server, memory);
  const remote = await RemoteBackend.connect(client, { relay: 'memory:', inviteBase: '' });
  await assert.rejects((remote.callRoom as NonNullable<ChatBackend['callRoom']>)('r1'), {
    code: 'WIDGET_UNSUPPORTED',
  });
  assert.equal(hasCallEnvironment(remote), false, 'no calls capability announced');
  await remote.close();
  host.close();
});
