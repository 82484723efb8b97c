import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Call, CallError, type CallEvents, type CallState, nextCallState } from '@cryptalk/sdk/calls';
import type { CallHandleEvents } from './call-handle.js';
import { callHandleFromSdkCall } from './sdk-call-handle.js';

/** Plays an SDK `Call`: the adapter only uses its events, getters and methods. */
class FakeSdkCall {
  private readonly listeners = new Map<keyof CallEvents, Set<(p: never) => void>>();
  readonly id = 'call-1';
  state: CallState = { kind: 'idle' };
  localStream: MediaStream | undefined;
  muted = { audio: false, video: false };
  left = false;
  fire<K extends keyof CallEvents>(event: K, payload: CallEvents[K]): void {
    if (event === 'state') this.state = payload as CallState;
    for (const l of this.listeners.get(event) ?? []) (l as (p: CallEvents[K]) => void)(payload);
  }
  on<K extends keyof CallEvents>(event: K, listener: (payload: CallEvents[K]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  }
  go(input: Parameters<typeof nextCallState>[1]): void {
    this.fire('state', nextCallState(this.state, input));
  }
  setMuted(kind: 'audio' | 'video', muted: boolean): void {
    if (this.state.kind === 'ended') throw CallError.notActive();
    this.muted[kind] = muted;
  }
  isMuted(kind: 'audio' | 'video'): boolean {
    return this.muted[kind];
  }
  async startScreenShare(): Promise<void> {
    throw CallError.media(new DOMException('no', 'NotAllowedError'));
  }
  async stopScreenShare(): Promise<void> {}
  async leave(): Promise<void> {
    this.left = true;
    this.go({ type: 'end', code: 'hangup', reason: 'left' });
    this.fire('ended', { code: 'hangup', reason: 'left' });
  }
}

function record(handle: ReturnType<typeof callHandleFromSdkCall>) {
  const seen: Array<[keyof CallHandleEvents, unknown]> = [];
  for (const e of ['ringing', 'connected', 'reconnecting', 'fallback', 'ended', 'quality', 'error'] as const)
    handle.on(e, (p) => seen.push([e, p]));
  return seen;
}

test('maps the SDK call’s states, events, participants, tracks and quality', () => {
  const sdk = new FakeSdkCall();
  const handle = callHandleFromSdkCall(sdk as unknown as Call, { nameOf: (id) => `name:${id}` });
  const seen = record(handle);
  assert.equal(handle.phase, 'ringing');
  sdk.go({ type: 'dial' });
  sdk.fire('ringing', { direction: 'outgoing' });
  sdk.go({ type: 'start', mode: 'p2p' });
  assert.equal(handle.phase, 'connecting');
  sdk.fire('participants', { ids: ['bob'] });
  const stream = { getVideoTracks: () => [{ readyState: 'live' }] } as unknown as MediaStream;
  sdk.fire('track', { participant: 'bob', track: {} as MediaStreamTrack, stream });
  sdk.go({ type: 'media-up' });
  sdk.fire('connected', { mode: 'p2p' });
  assert.equal(handle.phase, 'connected');
  assert.deepEqual(
    handle.participants.map((p) => [p.id, p.name, p.stream === stream, p.videoMuted]),
    [['bob', 'name:bob', true, false]],
  );
  sdk.go({ type: 'fallback' });
  sdk.fire('fallback', { reason: 'timeout', afterMs: 8000 });
  assert.equal(handle.mode, 'sfu');
  assert.deepEqual(handle.fallback, { reason: 'timeout', afterMs: 8000 });
  sdk.fire('quality', {
    mode: 'sfu',
    loss: 0.2,
    rttMs: 50,
    inboundKbps: 1,
    outboundKbps: 2,
    framesDecoded: 3,
  });
  assert.equal(handle.quality?.level, 'poor');
  sdk.fire('participants', { ids: [] });
  assert.deepEqual(handle.participants, []);
  assert.deepEqual(
    seen.map(([e]) => e),
    ['ringing', 'connected', 'fallback', 'quality'],
  );
});

test('mute goes to the SDK; media errors become explained problems; hang up leaves', async () => {
  const sdk = new FakeSdkCall();
  const handle = callHandleFromSdkCall(sdk as unknown as Call);
  const seen = record(handle);
  handle.setAudioMuted(true);
  assert.equal(handle.local.audioMuted, true);
  await handle.startScreenShare();
  assert.equal(handle.problem?.kind, 'screen-share');
  sdk.fire('error', CallError.media(new DOMException('denied', 'NotAllowedError')));
  assert.equal(handle.problem?.kind, 'permission');
  sdk.fire('error', CallError.negotiation(new Error('x')));
  assert.equal(handle.problem?.kind, 'permission', 'non-media errors do not replace the explanation');
  await handle.hangUp();
  assert.equal(sdk.left, true);
  assert.equal(handle.phase, 'ended');
  assert.deepEqual(seen.at(-1), ['ended', { code: 'hangup', reason: 'left' }]);
});

test('retryMedia moves the handle onto a restarted call after a media failure ended the first', async () => {
  const first = new FakeSdkCall();
  const second = new FakeSdkCall();
  const handle = callHandleFromSdkCall(first as unknown as Call, {
    restart: () => second as unknown as Call,
  });
  first.fire('error', CallError.media(new DOMException('denied', 'NotFoundError')));
  first.go({ type: 'end', code: 'media-failed', reason: 'x' });
  assert.equal(handle.problem?.kind, 'no-device');
  await handle.retryMedia();
  assert.equal(handle.problem, undefined);
  second.go({ type: 'dial' });
  second.go({ type: 'start', mode: 'p2p' });
  assert.equal(handle.phase, 'connecting');
  first.fire('connected', { mode: 'p2p' });
  assert.notEqual(handle.phase, 'connected', 'the old call is no longer listened to');
});

test('a participant’s encrypted media state (mute, camera off, screen share) reaches its CallParticipant', () => {
  const sdk = new FakeSdkCall();
  const handle = callHandleFromSdkCall(sdk as unknown as Call);
  let changes = 0;
  handle.on('change', () => changes++);
  sdk.fire('participants', { ids: ['bob'] });
  const bob = () => handle.participants.find((p) => p.id === 'bob');
  assert.deepEqual(
    [bob()?.audioMuted, bob()?.screenSharing],
    [false, false],
    'nothing told yet: not muted, not sharing',
  );
  const before = changes;
  sdk.fire('remote-media', { participant: 'bob', audioMuted: true, videoMuted: true, screenSharing: false });
  assert.ok(changes > before, 'the view is told to re-render');
  assert.equal(bob()?.audioMuted, true);
  assert.equal(bob()?.videoMuted, true);
  sdk.fire('remote-media', { participant: 'bob', audioMuted: false, videoMuted: false, screenSharing: true });
  assert.equal(bob()?.audioMuted, false);
  assert.equal(bob()?.screenSharing, true);
  assert.equal(bob()?.videoMuted, true, 'no live video track arrived yet, whatever was told');
  sdk.fire('participants', { ids: [] });
  sdk.fire('participants', { ids: ['bob'] });
  assert.equal(bob()?.screenSharing, false, 'a participant who left and came back starts afresh');
});

test('a call that already knows participants when wrapped (an answered ring) lists them at once', () => {
  const sdk = new FakeSdkCall() as FakeSdkCall & { participants: string[] };
  sdk.participants = ['caller'];
  const handle = callHandleFromSdkCall(sdk as unknown as Call);
  assert.deepEqual(
    handle.participants.map((p) => p.id),
    ['caller'],
  );
});
