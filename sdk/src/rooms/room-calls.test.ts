import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import WebSocket from 'ws';
import {
  CallError,
  CallManager,
  type CallSignal,
  decodeCallSignal,
  fragmentSignal,
  type IncomingCall,
  MAX_SIGNAL_CHARS,
  SignalReassembler,
} from '../calls/index.js';
import { deriveRoomAuthKey } from '../crypto/auth/index.js';
import { type ClientError, CrypTalkClient, type MemberEvent, type Room } from '../index.js';
import { fetchCallCredentials } from '../relay-client/index.js';
import { MAX_CALL_SIGNALS_LOADING } from './limits.js';
import { type RoomCallHost, RoomCalls, type RoomCallWireModule } from './room-calls.js';

const CALLS = {
  livekitUrl: 'ws://127.0.0.1:7880',
  livekitApiKey: 'APIroomcalls',
  livekitApiSecret: 'livekit-secret-of-at-least-32-characters!',
  callsHashKey: 'calls-hash-key-0123456789abcdef',
  turnSecret: 'turn-static-auth-secret-0123456789',
  turnUrls: ['turn:127.0.0.1:3478?transport=udp'],
};

let relay: Relay;
before(async () => {
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
    callsPerMinute: 1_000,
    ...CALLS,
  });
});
after(async () => {
  await relay.close();
});

/** Every frame each client sent to or received from the relay. */
const frames: string[] = [];

class RecordingWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (ev) => frames.push(String(ev.data)));
  }
  override send(data: unknown, ...rest: never[]): void {
    frames.push(String(data));
    (super.send as (d: unknown, ...r: never[]) => void)(data, ...rest);
  }
}

/** A stand-in for `navigator.mediaDevices`: Node has no media, and these tests check the environment only. */
const noMedia = {
  getUserMedia: async () => ({ getTracks: () => [], getVideoTracks: () => [] }),
} as unknown as MediaDevices;

function open(displayName: string): Promise<CrypTalkClient> {
  return CrypTalkClient.open({
    relay: relay.url,
    WebSocket: RecordingWebSocket as never,
    displayName,
    joinTimeoutMs: 15_000,
    calls: { mediaDevices: noMedia, CallManager },
  });
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function within<T>(p: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

function nextSignal(room: Room, pred: (from: string, text: string) => boolean, what: string) {
  return within(
    new Promise<{ from: string; text: string }>((resolve) => {
      const off = room.callEnvironment().signals.onSignal((from, text) => {
        if (!pred(from, text)) return;
        off();
        resolve({ from, text });
      });
    }),
    what,
  );
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('calls in group rooms (MLS)', () => {
  let a: CrypTalkClient;
  let b: CrypTalkClient;
  let c: CrypTalkClient;
  let roomA: Room;
  let roomB: Room;
  let roomC: Room;
  before(async () => {
    [a, b, c] = await Promise.all([open('Ada'), open('Bob'), open('Cyd')]);
    roomA = await a.createRoom({ name: 'calls' });
    const link = await roomA.invite({ ttlSeconds: 600 });
    roomB = await b.joinByLink(link);
    roomC = await c.joinByLink(link);
    await until(() => [roomA, roomB, roomC].every((r) => r.members().length === 3), 'three members');
  });
  after(async () => {
    await Promise.all([a, b, c].map((x) => x.close()));
  });

  test('room.call() rings: the other members get an IncomingCall from the caller', async () => {
    const ringing = within(
      new Promise<IncomingCall>((resolve) => roomB.on('ringing', resolve)),
      'the ring at Bob',
    );
    // Let Bob's call manager load before the ring goes out.
    await new Promise((r) => setTimeout(r, 50));
    const call = await roomA.call({ audio: true, video: false, prewarmSfu: false });
    const incoming = await ringing;
    assert.equal(incoming.id, call.id);
    assert.equal(incoming.from, a.id);
    assert.deepEqual(incoming.media, { audio: true, video: false });
    assert.equal(call.state.kind, 'ringing');
    await call.leave();
    assert.equal(call.state.kind, 'ended');
  });

  test('signals round-trip end to end: fragmented, authenticated, never visible to the relay', async () => {
    const marker = `SDPMARKER${randomBytes(6).toString('hex')}`;
    // A large fake offer: three fragments, each its own encrypted ephemeral signal.
    const sdp = `v=0\r\no=- ${marker} 2 IN IP4 127.0.0.1\r\n${'a=candidate:1 1 udp 2113937151 10.0.0.1 5000 typ host\r\n'.repeat(220)}`;
    const text = JSON.stringify({
      v: 1,
      k: 'description',
      call: 'c1',
      sentAt: Date.now(),
      to: b.id,
      sdp: { type: 'offer', sdp },
    });
    assert.ok(text.length > 12_288, 'the signal needs more than two fragments');
    const atB = nextSignal(roomB, (_, t) => t.includes(marker), 'the big signal at Bob');
    const atC = nextSignal(roomC, (_, t) => t.includes(marker), 'the big signal at Cyd');
    const before = frames.length;
    roomA.callEnvironment().signals.send(text);
    const got = await atB;
    assert.equal(got.from, a.id, 'the sender is authenticated');
    assert.equal(got.text, text);
    assert.equal((await atC).text, text);
    const decoded = decodeCallSignal(got.text) as Extract<CallSignal, { k: 'description' }>;
    assert.equal(decoded.sdp.sdp, sdp);
    const sent = frames.slice(before);
    assert.ok(
      sent.some((f) => f.includes('"t":"signal"')),
      'the signal travelled as ephemeral relay signals',
    );
    assert.ok(!sent.some((f) => f.includes('"t":"publish"')), 'nothing was published (stored)');
    const forms = [marker, Buffer.from(marker).toString('base64'), Buffer.from(marker).toString('base64url')];
    for (const f of frames)
      for (const form of forms) assert.ok(!f.includes(form.slice(0, 16)), 'no SDP in any frame');
  });

  test('members get TURN credentials and a LiveKit token from the relay; a non-member is refused', async () => {
    const env = roomA.callEnvironment();
    const turn = await env.credentials.turn();
    assert.equal(turn.iceServers.length, 1);
    assert.deepEqual(turn.iceServers[0]?.urls, CALLS.turnUrls);
    assert.match(String(turn.iceServers[0]?.username), /^\d+:/);
    assert.ok(String(turn.iceServers[0]?.credential).length > 0);
    const grant = await env.credentials.liveKitToken();
    assert.equal(grant.url, CALLS.livekitUrl);
    assert.ok(grant.token.split('.').length === 3, 'a JWT');
    assert.ok(grant.identity.length > 0);
    // A stranger proves a key of its own for the same room: refused, typed.
    const stranger = deriveRoomAuthKey(randomBytes(32), roomA.id);
    await assert.rejects(
      fetchCallCredentials(relay.url, roomA.id, stranger, 'livekit'),
      (err: ClientError) => {
        assert.equal(err.code, 'CLIENT_RELAY_ERROR');
        assert.equal(err.relayCode, 'CALLS_NOT_MEMBER');
        return true;
      },
    );
    await assert.rejects(fetchCallCredentials(relay.url, roomA.id, stranger, 'turn'), {
      relayCode: 'CALLS_NOT_MEMBER',
    });
  });

  test('the media group secret is the same at every member and changes when a member is removed', async () => {
    const [sa, sb, sc] = await Promise.all(
      [roomA, roomB, roomC].map((r) => r.callEnvironment().groupSecret()),
    );
    assert.equal((sa as Uint8Array).length, 32);
    assert.equal(hex(sa as Uint8Array), hex(sb as Uint8Array));
    assert.equal(hex(sa as Uint8Array), hex(sc as Uint8Array));
    const left = new Promise<MemberEvent>((resolve) =>
      a.on('member', (e) => {
        if (e.kind === 'left') resolve(e);
      }),
    );
    await roomC.leave();
    assert.equal((await within(left, 'Cyd removed')).member.id, c.id);
    await until(() => [roomA, roomB].every((r) => r.members().length === 2), 'two members after the leave');
    let after: Uint8Array[] = [];
    for (let i = 0; i < 100; i++) {
      after = await Promise.all([roomA, roomB].map((r) => r.callEnvironment().groupSecret()));
      if (hex(after[0] as Uint8Array) === hex(after[1] as Uint8Array)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(hex(after[0] as Uint8Array), hex(after[1] as Uint8Array), 'the remaining members agree');
    assert.notEqual(
      hex(after[0] as Uint8Array),
      hex(sa as Uint8Array),
      'the removed member’s secret is stale',
    );
    await assert.rejects(roomC.callEnvironment().groupSecret(), { code: 'CALL_NOT_ACTIVE' });
  });
});

test('without the calls.CallManager option, room.call() and ringing are refused with CALL_UNSUPPORTED', async () => {
  const plain = await CrypTalkClient.open({ relay: relay.url, WebSocket: RecordingWebSocket as never });
  try {
    const room = await plain.createRoom();
    await assert.rejects(room.call(), { code: 'CALL_UNSUPPORTED' });
    assert.throws(() => room.on('ringing', () => {}), { code: 'CALL_UNSUPPORTED' });
    // The environment (what a bridge carries) works without it.
    assert.equal(room.callEnvironment().signals.selfId, plain.id);
  } finally {
    await plain.close();
  }
});

describe('calls in 1:1 rooms (Double Ratchet)', () => {
  test('the ring carries a per-call media secret, end to end; there is no group secret', async () => {
    const [a, b] = await Promise.all([open('Ada'), open('Bob')]);
    try {
      const roomA = await a.createDirectRoom();
      const joined = new Promise<MemberEvent>((resolve) =>
        a.on('member', (e) => e.kind === 'joined' && resolve(e)),
      );
      const roomB = await b.joinByLink(await roomA.invite());
      await within(joined, 'Bob joined');
      assert.equal(roomA.callEnvironment().perCallSecret, true);
      await assert.rejects(roomA.callEnvironment().groupSecret(), { code: 'CALL_UNSUPPORTED' });
      const raw = nextSignal(roomB, (_, t) => t.includes('"k":"ring"'), 'the ring at Bob');
      const ringing = within(new Promise<IncomingCall>((resolve) => roomB.on('ringing', resolve)), 'ringing');
      await new Promise((r) => setTimeout(r, 50));
      const call = await roomA.call({ prewarmSfu: false });
      const ring = decodeCallSignal((await raw).text) as Extract<CallSignal, { k: 'ring' }>;
      assert.equal(ring.k, 'ring');
      assert.match(String(ring.mk), /^[A-Za-z0-9_-]{43}$/, '32 bytes of per-call secret');
      const incoming = await ringing;
      assert.equal(incoming.from, a.id);
      assert.equal(incoming.id, call.id);
      await call.leave();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

/** A room for {@link RoomCalls} alone: records the fragments it is asked to send. */
function fakeRoom(kind: 'group' | 'direct' = 'group') {
  const sent: Uint8Array[] = [];
  const host: RoomCallHost = {
    id: 'room-of-the-test',
    kind,
    selfId: 'ed25519:self',
    relayUrl: 'ws://127.0.0.1:9',
    roomAuthKey: async () => deriveRoomAuthKey(randomBytes(32), 'room-of-the-test'),
    // The relay cannot be reached: a credentials request gets that far only with the wire code loaded.
    callConfig: {
      fetch: async () => {
        throw new Error('offline');
      },
    },
    callSignalHandler: undefined,
    sendCallSignal: async (fragment) => {
      sent.push(fragment);
      return true;
    },
    callGroupSecret: async () => new Uint8Array(32).fill(7),
    members: () => [
      { id: 'ed25519:self', self: true },
      { id: 'ed25519:peer', self: false },
    ],
  };
  /** The signal texts sent so far, reassembled from the fragments. */
  const texts = (): string[] => {
    const r = new SignalReassembler();
    return sent.map((f) => r.push('self', f)).filter((t): t is string => t !== undefined);
  };
  /** A fragment arriving from another member, as the room hands it over. */
  const receive = (from: string, fragment: Uint8Array) =>
    host.callSignalHandler?.({ id: from, self: false }, fragment);
  return { host, sent, texts, receive };
}

/**
 * A wire loader whose every load the test settles: `loads` lists them in order. Settling returns once the
 * room's own reaction to the load ran (it subscribed first, so it runs first).
 */
function gatedLoader() {
  const loads: { resolve(): Promise<void>; reject(err: Error): Promise<void> }[] = [];
  const load = (): Promise<RoomCallWireModule> => {
    let settle!: { resolve(m: RoomCallWireModule): void; reject(err: Error): void };
    const p = new Promise<RoomCallWireModule>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const after = () =>
      p.then(
        () => undefined,
        () => undefined,
      );
    loads.push({
      resolve: async () => {
        settle.resolve(await import('./room-call-wire.js'));
        await after();
      },
      reject: async (err) => {
        settle.reject(err);
        await after();
      },
    });
    return p;
  };
  return { load, loads };
}

describe("the rooms' call wire code loads on first use", () => {
  test('a room, its environment, its listeners and its group secret load nothing; the first signal sent does, and what was sent meanwhile goes out in order', async () => {
    const room = fakeRoom();
    const { load, loads } = gatedLoader();
    const calls = new RoomCalls(room.host, load);
    const env = calls.environment;
    assert.equal(env.signals.selfId, 'ed25519:self');
    assert.equal(env.perCallSecret, false);
    assert.equal(env.otherMembers(), 1);
    const heard: string[] = [];
    env.signals.onSignal((_, text) => heard.push(text));
    assert.deepEqual(await env.groupSecret(), new Uint8Array(32).fill(7));
    assert.equal(loads.length, 0, 'nothing of the wire loaded without a signal');

    const big = `{"k":"description","sdp":"${'a=candidate'.repeat(1_500)}"}`;
    env.signals.send('{"k":"ring"}');
    env.signals.send(big);
    env.signals.send('{"k":"candidate"}');
    assert.equal(loads.length, 1, 'the first signal loads the wire code, once');
    assert.equal(room.sent.length, 0, 'nothing leaves before the code is there');
    await loads[0]?.resolve();
    assert.deepEqual(room.texts(), ['{"k":"ring"}', big, '{"k":"candidate"}'], 'sent in order, none lost');
    assert.ok(room.sent.length > 3, 'the big signal went out in fragments');
    env.signals.send('{"k":"leave"}');
    assert.equal(room.texts().at(-1), '{"k":"leave"}', 'once loaded, a signal leaves at once');
    assert.equal(loads.length, 1);
    assert.deepEqual(heard, []);
  });

  test('fragments received while the code loads are put together and delivered in order once it is there', async () => {
    const room = fakeRoom();
    const { load, loads } = gatedLoader();
    const calls = new RoomCalls(room.host, load);
    // Nobody listens yet: a fragment reaches no one and loads nothing.
    room.receive('ed25519:peer', fragmentSignal('{"k":"nobody"}')[0] as Uint8Array);
    assert.equal(loads.length, 0, 'a signal nobody listens to loads nothing');
    const heard: [string, string][] = [];
    calls.environment.signals.onSignal((from, text) => heard.push([from, text]));
    const offer = `{"k":"description","sdp":"${'x'.repeat(15_000)}"}`;
    const [first, ...rest] = fragmentSignal(offer);
    room.receive('ed25519:peer', fragmentSignal('{"k":"ring"}')[0] as Uint8Array);
    room.receive('ed25519:peer', first as Uint8Array);
    assert.equal(loads.length, 1, 'the first fragment loads the wire code');
    for (const f of rest) room.receive('ed25519:peer', f);
    room.receive('ed25519:other', fragmentSignal('{"k":"join"}')[0] as Uint8Array);
    assert.deepEqual(heard, [], 'nothing is delivered before the code is there');
    await loads[0]?.resolve();
    assert.deepEqual(heard, [
      ['ed25519:peer', '{"k":"ring"}'],
      ['ed25519:peer', offer],
      ['ed25519:other', '{"k":"join"}'],
    ]);
    room.receive('ed25519:peer', fragmentSignal('{"k":"leave"}')[0] as Uint8Array);
    assert.deepEqual(heard.at(-1), ['ed25519:peer', '{"k":"leave"}'], 'once loaded, delivered at once');
  });

  test('while the code loads, at most MAX_CALL_SIGNALS_LOADING signals wait; more are dropped as lost signals', async () => {
    const room = fakeRoom();
    const { load, loads } = gatedLoader();
    const calls = new RoomCalls(room.host, load);
    for (let i = 0; i < MAX_CALL_SIGNALS_LOADING + 5; i++) calls.environment.signals.send(`{"n":${i}}`);
    await loads[0]?.resolve();
    const texts = room.texts();
    assert.equal(texts.length, MAX_CALL_SIGNALS_LOADING);
    assert.equal(texts.at(-1), `{"n":${MAX_CALL_SIGNALS_LOADING - 1}}`, 'the first ones, in order');
  });

  test('a failed load: credentials reject with a typed CALL_CREDENTIALS_FAILED, waiting signals are lost, and the next use loads again', async () => {
    const room = fakeRoom();
    const { load, loads } = gatedLoader();
    const calls = new RoomCalls(room.host, load);
    const env = calls.environment;
    const heard: string[] = [];
    env.signals.onSignal((_, text) => heard.push(text));
    env.signals.send('{"k":"ring"}');
    room.receive('ed25519:peer', fragmentSignal('{"k":"join"}')[0] as Uint8Array);
    const turn = env.credentials.turn();
    assert.equal(loads.length, 1, 'one load for all of them');
    await loads[0]?.reject(new Error('chunk not found'));
    await assert.rejects(turn, (err: unknown) => {
      assert.ok(err instanceof CallError, 'a CallError');
      assert.equal(err.code, 'CALL_CREDENTIALS_FAILED');
      assert.equal((err.cause as Error).message, 'chunk not found');
      return true;
    });
    assert.deepEqual(room.sent, [], 'the signal waiting for the code is lost, as when offline');
    assert.deepEqual(heard, []);

    const grant = env.credentials.liveKitToken();
    assert.equal(loads.length, 2, 'the next use tries again');
    env.signals.send('{"k":"ring","again":true}');
    await loads[1]?.resolve();
    assert.deepEqual(room.texts(), ['{"k":"ring","again":true}']);
    // The code loaded: now the request reaches the (unreachable) relay, a CallError of the lazy code that is
    // the same class as the one this file imports.
    await assert.rejects(grant, (err: unknown) => {
      assert.ok(err instanceof CallError, 'the lazily loaded code throws the same CallError class');
      assert.equal(err.code, 'CALL_CREDENTIALS_FAILED');
      assert.equal((err.cause as Error).message, 'offline');
      return true;
    });
  });

  test('send refuses a text that cannot be sent at once, before and after the code loaded; a 1:1 room has no group secret', async () => {
    const room = fakeRoom('direct');
    const { load, loads } = gatedLoader();
    const calls = new RoomCalls(room.host, load);
    const { signals } = calls.environment;
    const malformed = (err: unknown) => err instanceof CallError && err.code === 'CALL_SIGNAL_MALFORMED';
    for (const text of ['', 'x'.repeat(MAX_SIGNAL_CHARS + 1), '€'.repeat(40_000)]) {
      assert.throws(() => signals.send(text), malformed, `refused before the load (${text.length} chars)`);
    }
    assert.equal(loads.length, 0, 'a refused signal loads nothing');
    signals.send('{"k":"ring"}');
    await loads[0]?.resolve();
    for (const text of ['', 'x'.repeat(MAX_SIGNAL_CHARS + 1), '€'.repeat(40_000)]) {
      assert.throws(() => signals.send(text), malformed, `refused after the load (${text.length} chars)`);
    }
    assert.equal(calls.environment.perCallSecret, true);
    await assert.rejects(
      calls.environment.groupSecret(),
      (err: unknown) => err instanceof CallError && err.code === 'CALL_UNSUPPORTED',
    );
    assert.equal(loads.length, 1);
  });
});
