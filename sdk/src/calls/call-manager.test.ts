import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../testing/wait.js';
import type { Call } from './call.js';
import { CallManager } from './call-manager.js';
import type { IncomingCall } from './incoming-call.js';
import { RING_TIMEOUT_MS } from './limits.js';
import { decodeCallSignal } from './signal.js';
import type { CallEnvironment } from './types.js';

/** Node has no media: a call only needs `getUserMedia` to resolve. */
const noMedia = {
  getUserMedia: async () => ({ getTracks: () => [], getVideoTracks: () => [] }),
} as unknown as MediaDevices;

/** Managers of one room over an in-memory signal hub that records every signal sent. */
function room(ids: string[], perCallSecret: boolean, otherMembers?: () => number) {
  const listeners = new Map<string, Set<(from: string, payload: string) => void>>();
  const sent: Array<{ from: string; kind: string }> = [];
  /** How often each member's calls built an SFU session (it asks for LiveKit's E2EE Worker first). */
  const sfuLoads = new Map<string, number>();
  const managers = ids.map((selfId) => {
    const mine = new Set<(from: string, payload: string) => void>();
    listeners.set(selfId, mine);
    const env: CallEnvironment = {
      signals: {
        selfId,
        send: (payload) => {
          sent.push({ from: selfId, kind: decodeCallSignal(payload)?.k ?? '?' });
          for (const [id, set] of listeners) if (id !== selfId) for (const l of set) l(selfId, payload);
        },
        onSignal: (l) => {
          mine.add(l);
          return () => mine.delete(l);
        },
      },
      credentials: {
        turn: async () => ({ iceServers: [] }),
        liveKitToken: async () => {
          throw new Error('no SFU in this test');
        },
      },
      groupSecret: () => new Uint8Array(32).fill(1),
      perCallSecret,
      ...(otherMembers ? { otherMembers } : {}),
      e2eeWorker: () => {
        sfuLoads.set(selfId, (sfuLoads.get(selfId) ?? 0) + 1);
        throw new Error('no E2EE worker in Node');
      },
      mediaDevices: noMedia,
    };
    return new CallManager(env);
  });
  return { managers, sent, sfuLoads };
}

function ringAt(manager: CallManager): Promise<IncomingCall> {
  return new Promise((resolve) => manager.once('ringing', resolve));
}

function endOf(call: Call): Promise<{ code: string; reason: string }> {
  return new Promise((resolve) => call.once('ended', resolve));
}

test('1:1: the callee declines → an encrypted decline reaches the caller, whose call ends as declined', async () => {
  const { managers, sent } = room(['ed25519:a', 'ed25519:b'], true);
  const [a, b] = managers as [CallManager, CallManager];
  const rang = ringAt(b);
  const call = a.call({ audio: true, video: false, prewarmSfu: false });
  const declined: string[] = [];
  call.on('declined', ({ participant }) => declined.push(participant));
  const ended = endOf(call);
  const ring = await rang;
  assert.equal(ring.cancelled, undefined);
  ring.decline();
  ring.decline(); // at most once
  assert.deepEqual(await ended, { code: 'declined', reason: 'the other member declined the call' });
  assert.deepEqual(declined, ['ed25519:b']);
  assert.equal(call.state.kind, 'ended');
  assert.equal(sent.filter((s) => s.kind === 'decline').length, 1, 'one decline signal');
  assert.deepEqual(
    sent.find((s) => s.kind === 'decline'),
    { from: 'ed25519:b', kind: 'decline' },
  );
  await Promise.all(managers.map((m) => m.close()));
});

test('group: one member declines → the caller is told, the call keeps ringing for the others, who can join', async () => {
  const { managers } = room(['ed25519:a', 'ed25519:b', 'ed25519:c'], false);
  const [a, b, c] = managers as [CallManager, CallManager, CallManager];
  const [rangB, rangC] = [ringAt(b), ringAt(c)];
  const call = a.call({ audio: true, video: false, prewarmSfu: false });
  const declined: string[] = [];
  call.on('declined', ({ participant }) => declined.push(participant));
  (await rangB).decline();
  await until(() => declined.length === 1, 'the decline at the caller');
  assert.deepEqual(call.state, { kind: 'ringing', direction: 'outgoing' });
  const joined = (await rangC).join({ audio: true, video: false });
  await until(() => call.participants.includes('ed25519:c'), 'the other member joined');
  assert.notEqual(call.state.kind, 'ended');
  await joined.leave();
  await Promise.all(managers.map((m) => m.close()));
});

test('where WebRTC is missing, an answered 1:1 call reports CALL_UNSUPPORTED and falls back to the SFU, with no unhandled rejection', async () => {
  assert.equal(typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection, 'undefined');
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  process.on('unhandledRejection', onUnhandled);
  const { managers } = room(['ed25519:a', 'ed25519:b'], true);
  const [a, b] = managers as [CallManager, CallManager];
  try {
    const rang = ringAt(b);
    const call = a.call({ audio: true, video: false, prewarmSfu: false });
    const errors: string[] = [];
    const fallbacks: string[] = [];
    call.on('error', (e) => errors.push(e.code));
    call.on('fallback', (f) => fallbacks.push(f.reason));
    const answered = (await rang).join({ audio: true, video: false });
    const answeredErrors: string[] = [];
    answered.on('error', (e) => answeredErrors.push(e.code));
    // the caller, who starts P2P, is told; both then try the SFU (none here: a typed error each)
    await until(
      () => errors.includes('CALL_UNSUPPORTED') && answeredErrors.includes('CALL_SFU_FAILED'),
      'the caller told that WebRTC is missing, both told the SFU failed',
    );
    assert.ok(fallbacks.includes('ice-failed'), 'the caller falls back to the SFU');
    await answered.leave();
    await call.leave();
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await Promise.all(managers.map((m) => m.close()));
  }
});

test('the SFU code loads at once for a group call (pre-warm), for a 1:1 call only when it falls back', async () => {
  const group = room(['ed25519:g1', 'ed25519:g2', 'ed25519:g3'], false);
  const direct = room(['ed25519:a', 'ed25519:b'], true);
  const eager = room(['ed25519:c', 'ed25519:d'], true);
  const [a, b] = direct.managers as [CallManager, CallManager];
  const calls: Array<{ leave(): Promise<void> }> = [];
  try {
    const rang = ringAt(b);
    // started together: by the time the group call has built its SFU session, the 1:1 call could have too
    calls.push((group.managers[0] as CallManager).call({ audio: true, video: false }));
    const call = a.call({ audio: true, video: false });
    calls.push(call);
    await until(() => group.sfuLoads.get('ed25519:g1') === 1, 'the group call to load the SFU');
    const ring = await rang;
    assert.equal(direct.sfuLoads.get('ed25519:a'), undefined, 'a ringing 1:1 call has not loaded the SFU');
    // `prewarmSfu: true` asks for it in a 1:1 room too
    calls.push((eager.managers[0] as CallManager).call({ audio: true, video: false, prewarmSfu: true }));
    await until(() => eager.sfuLoads.get('ed25519:c') === 1, 'the eager 1:1 call to load the SFU');
    // answered, the 1:1 call cannot start P2P (no WebRTC in Node): its fallback loads the SFU on both sides
    const fallbacks: string[] = [];
    call.on('fallback', (f) => fallbacks.push(f.reason));
    call.on('error', () => {});
    const answered = ring.join({ audio: true, video: false });
    answered.on('error', () => {});
    calls.push(answered);
    await until(
      () => direct.sfuLoads.get('ed25519:a') === 1 && direct.sfuLoads.get('ed25519:b') === 1,
      'both members of the 1:1 call to load the SFU at the fallback',
    );
    assert.deepEqual(fallbacks, ['ice-failed']);
  } finally {
    await Promise.all(calls.map((c) => c.leave().catch(() => {})));
    await Promise.all([...group.managers, ...direct.managers, ...eager.managers].map((m) => m.close()));
  }
});

test('group whose size is known: the call ends as declined once every other member declined', async () => {
  const { managers } = room(['ed25519:a', 'ed25519:b', 'ed25519:c'], false, () => 2);
  const [a, b, c] = managers as [CallManager, CallManager, CallManager];
  const [rangB, rangC] = [ringAt(b), ringAt(c)];
  const call = a.call({ audio: true, video: false, prewarmSfu: false });
  const ended = endOf(call);
  (await rangB).decline();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(call.state.kind, 'ringing', 'one of two declined: still ringing');
  (await rangC).decline();
  assert.deepEqual(await ended, { code: 'declined', reason: 'every member declined the call' });
  await Promise.all(managers.map((m) => m.close()));
});

test('the caller hangs up before an answer → the ring is cancelled (caller-left); declining it then sends nothing', async () => {
  const { managers, sent } = room(['ed25519:a', 'ed25519:b'], true);
  const [a, b] = managers as [CallManager, CallManager];
  const rang = ringAt(b);
  const call = a.call({ audio: true, video: false, prewarmSfu: false });
  const ring = await rang;
  const cancelled = new Promise<{ reason: string }>((resolve) => ring.on('cancelled', resolve));
  await call.leave();
  assert.deepEqual(await cancelled, { reason: 'caller-left' });
  assert.equal(ring.cancelled, 'caller-left');
  ring.decline();
  assert.equal(sent.filter((s) => s.kind === 'decline').length, 0, 'no decline after the ring ended');
  const rang2 = ringAt(b);
  a.call({ audio: true, video: false, prewarmSfu: false });
  const ring2 = await rang2;
  await b.close();
  await a.close();
  assert.equal(
    ring2.cancelled,
    undefined,
    'closing the manager forgets rings without calling them cancelled',
  );
});

test('an unanswered ring expires after RING_TIMEOUT_MS', async (t) => {
  const { managers } = room(['ed25519:a', 'ed25519:b'], true);
  const [a, b] = managers as [CallManager, CallManager];
  const rang = ringAt(b);
  t.mock.timers.enable({ apis: ['setTimeout'] });
  a.call({ audio: true, video: false, prewarmSfu: false });
  const ring = await rang;
  const reasons: string[] = [];
  ring.on('cancelled', ({ reason }) => reasons.push(reason));
  t.mock.timers.tick(RING_TIMEOUT_MS - 1);
  assert.deepEqual(reasons, []);
  t.mock.timers.tick(1);
  assert.deepEqual(reasons, ['expired']);
  assert.equal(ring.cancelled, 'expired');
  t.mock.timers.reset();
  await Promise.all(managers.map((m) => m.close()));
});
