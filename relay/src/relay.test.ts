import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CrypTalkClient, randomId } from '@cryptalk/sdk';
import { MAX_FRAME_BYTES } from '@cryptalk/sdk/protocol';
import WebSocket from 'ws';
import { CLOSE } from './errors.js';
import { createRelay, type Relay } from './relay.js';
import { ciphertext, roomId, TestClient } from './testing/index.js';

let relay: Relay;
before(async () => {
  relay = await createRelay({
    port: 0,
    allowedOrigins: ['https://shop.example'],
    handshakeTimeoutMs: 5000,
    connFramesPerSec: 200,
    connFramesBurst: 200,
    maxViolations: 20,
    slowConsumerBytes: 256 * 1024,
    lookupsPerMinute: 5,
    maxRoomsPerConnection: 8,
    maxBlobBytes: 64 * 1024,
  });
});
after(() => relay.close());

/** The SDK tests get their own relay: MLS joins look keys up, which would spend the main relay's budget. */
let sdkRelay: Relay;
async function client(): Promise<CrypTalkClient> {
  return CrypTalkClient.open({ relay: sdkRelay.url, WebSocket: WebSocket as never });
}

const connect = (opts = {}) => TestClient.connect(relay.url, opts);

/** Waits (bounded) until `cond` holds. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), what);
}

describe('rooms through the SDK client', () => {
  before(async () => {
    sdkRelay = await createRelay({ port: 0 });
  });
  after(() => sdkRelay.close());

  test('fans a message out to every member of the room and acks it with its offset', async () => {
    const [a, b, outsider] = await Promise.all([client(), client(), client()]);
    try {
      const roomA = await a.createRoom();
      await b.joinByLink(await roomA.invite());
      await outsider.createRoom();
      const got: string[] = [];
      outsider.on('message', (m) => got.push(m.text));
      const received = new Promise<string>((resolve) => b.on('message', (m) => resolve(m.text)));
      const sent = await roomA.send('hi bob');
      assert.ok(Number.isSafeInteger(sent.offset) && sent.offset >= 0);
      assert.equal(await received, 'hi bob');
      assert.equal((await roomA.send('again')).offset, sent.offset + 1);
      assert.deepEqual(got, []);
    } finally {
      await Promise.all([a, b, outsider].map((c) => c.close()));
    }
  });

  test('a client that reconnects resumes the room from where it was', async () => {
    const [a, b] = await Promise.all([client(), client()]);
    try {
      const roomA = await a.createRoom();
      await b.joinByLink(await roomA.invite());
      const seen: string[] = [];
      b.on('message', (m) => seen.push(m.text));
      await roomA.send('one');
      await until(() => seen.length === 1, 'the first message arrives');
      const down = new Promise<void>((r) => b.on('connection', (c) => c.state === 'disconnected' && r()));
      b.disconnect();
      await down;
      await roomA.send('two');
      await roomA.send('three');
      await b.connect();
      await until(() => seen.length >= 3, 'the missed messages arrive after reconnecting');
      assert.deepEqual(seen, ['one', 'two', 'three']);
    } finally {
      await Promise.all([a, b].map((c) => c.close()));
    }
  });
});

describe('handshake', () => {
  test('a wrong proof, a replayed challenge and a proof for another origin are refused with AUTH_* codes', async () => {
    const c = await connect();
    const room = roomId();
    const ch = await c.challenge();
    const good = c.prove(room, ch);
    const bad = { ...good, sig: toBadSig(good.sig) };
    c.send({ v: 1, t: 'join', room, proof: bad, rid: 'a' });
    assert.equal(code(await c.next((f) => f.rid === 'a')), 'AUTH_BAD_PROOF');
    // The challenge was consumed by the failed attempt: replaying it is refused.
    c.send({ v: 1, t: 'join', room, proof: good, rid: 'b' });
    assert.equal(code(await c.next((f) => f.rid === 'b')), 'AUTH_UNKNOWN_CHALLENGE');
    const ch2 = await c.challenge();
    c.send({ v: 1, t: 'join', room, proof: c.prove(room, ch2, 'wss://evil.example'), rid: 'c' });
    assert.equal(code(await c.next((f) => f.rid === 'c')), 'AUTH_BAD_PROOF');
    // A successful join consumes its challenge too: replaying the proof later fails.
    const ch3 = await c.challenge();
    const p3 = c.prove(room, ch3);
    c.send({ v: 1, t: 'join', room, proof: p3, rid: 'd' });
    assert.equal((await c.next((f) => f.rid === 'd')).t, 'joined');
    c.send({ v: 1, t: 'join', room, proof: p3, rid: 'e' });
    assert.equal(code(await c.next((f) => f.rid === 'e')), 'AUTH_UNKNOWN_CHALLENGE');
    // A proof from another connection's challenge is refused.
    const other = await connect();
    const foreign = other.prove(room, await other.challenge());
    c.send({ v: 1, t: 'join', room, proof: foreign, rid: 'f' });
    assert.equal(code(await c.next((f) => f.rid === 'f')), 'AUTH_UNKNOWN_CHALLENGE');
    // That was the fifth failed proof: the connection is closed.
    assert.equal((await c.closed).code, CLOSE.AUTH_FAILED);
    c.close();
    other.close();
  });

  test('joins without a proof and frames before authentication are refused', async () => {
    const c = await connect();
    const room = roomId();
    c.send({ v: 1, t: 'join', room, rid: 'a' });
    assert.equal(code(await c.next((f) => f.rid === 'a')), 'RELAY_PROOF_REQUIRED');
    c.send({ v: 1, t: 'publish', room, msgId: randomId(), epoch: 0, ct: '', rid: 'b' });
    assert.equal(code(await c.next((f) => f.rid === 'b')), 'RELAY_NOT_AUTHENTICATED');
    c.close();
  });

  test('a connection that never proves anything is closed at the handshake timeout', async () => {
    const quick = await createRelay({ port: 0, handshakeTimeoutMs: 300 });
    const c = await TestClient.connect(quick.url);
    const { code: closeCode } = await c.closed;
    assert.equal(closeCode, CLOSE.HANDSHAKE_TIMEOUT);
    await quick.close();
  });

  test('a foreign Origin never gets a socket; an allowed one does', async () => {
    await assert.rejects(connect({ origin: 'https://evil.example' }), /HTTP 403/);
    const ok = await connect({ origin: 'https://shop.example' });
    ok.close();
  });
});

describe('bad input', () => {
  test('answers bad frames with typed error frames and keeps serving everyone', async (t) => {
    const room = randomId();
    const bystanderA = await connect();
    const bystanderB = await connect();
    await bystanderA.join(room);
    await bystanderB.join(room);
    const bad = await connect();
    await bad.join(roomId());
    const cases: [string, string | Buffer, string][] = [
      [
        'oversized frame',
        JSON.stringify({ v: 1, t: 'join', room, pad: 'x'.repeat(MAX_FRAME_BYTES) }),
        'PROTO_TOO_LARGE',
      ],
      ['malformed JSON', '{"v":1,"t":', 'PROTO_MALFORMED_JSON'],
      ['binary frame', Buffer.from([1, 2, 3]), 'PROTO_NOT_TEXT'],
      ['unknown type', JSON.stringify({ v: 1, t: 'shout', room }), 'PROTO_UNKNOWN_TYPE'],
      ['wrong version', JSON.stringify({ v: 99, t: 'join', room }), 'PROTO_UNSUPPORTED_VERSION'],
      ['not an object', '[1,2,3]', 'PROTO_NOT_OBJECT'],
      ['bad room id', JSON.stringify({ v: 1, t: 'join', room: 'short' }), 'PROTO_INVALID_FIELD'],
      ['unknown field', JSON.stringify({ v: 1, t: 'leave', room, extra: 1 }), 'PROTO_INVALID_FIELD'],
      [
        'publish before join',
        JSON.stringify({ v: 1, t: 'publish', room, msgId: randomId(), epoch: 0, ct: '' }),
        'RELAY_NOT_JOINED',
      ],
    ];
    for (const [name, data, expected] of cases) {
      await t.test(name, async () => {
        bad.send(data);
        const frame = await bad.next((f) => f.t === 'error');
        assert.equal(code(frame), expected);
        assert.ok(frame.t === 'error' && !frame.message.includes(room), 'errors never echo input');
      });
    }
    assert.equal(bad.ws.readyState, WebSocket.OPEN, 'the misbehaving client is still connected');
    // Past the hard ceiling the socket is closed (1009) rather than buffered.
    bad.send('x'.repeat(MAX_FRAME_BYTES * 4 + 10));
    assert.equal((await bad.closed).code, CLOSE.TOO_BIG);
    const ct = ciphertext();
    const delivered = bystanderB.next((f) => f.t === 'deliver' && f.env.ct === ct);
    await bystanderA.publish(room, ct);
    await delivered;
    bystanderA.close();
    bystanderB.close();
  });

  test('a join flood is limited per connection, then cut off; others are unaffected', async () => {
    const flooder = await connect();
    const room = roomId();
    const watcher = await connect();
    await watcher.join(room);
    const codes = new Set<string>();
    for (let i = 0; i < 400 && flooder.ws.readyState === WebSocket.OPEN; i++) {
      flooder.send({ v: 1, t: 'join', room: roomId(), rid: `j${i}` });
    }
    const { code: closeCode } = await flooder.closed;
    for (const f of flooder.frames) if (f.t === 'error') codes.add(f.code);
    assert.ok(codes.has('RELAY_RATE_LIMITED'), [...codes].join());
    assert.equal(closeCode, CLOSE.POLICY);
    const ack = await watcher.publish(room, ciphertext());
    assert.equal(ack.offset, 0);
    watcher.close();
  });

  test('a publish flood gets RELAY_RATE_LIMITED and then a clean disconnect', async () => {
    const c = await connect();
    const room = roomId();
    await c.join(room);
    for (let i = 0; i < 600 && c.ws.readyState === WebSocket.OPEN; i++) {
      c.send({ v: 1, t: 'publish', room, msgId: randomId(), epoch: 0, ct: ciphertext() });
    }
    const { code: closeCode } = await c.closed;
    assert.equal(closeCode, CLOSE.POLICY);
    assert.ok(c.frames.some((f) => f.t === 'error' && f.code === 'RELAY_RATE_LIMITED'));
    const after = await connect();
    await after.join(room);
    assert.equal((await after.publish(room, ciphertext())).t, 'ack');
    after.close();
  });

  test('a slow reader is cut off when its buffer passes the cap; the writer carries on', async () => {
    const room = roomId();
    const slow = await connect();
    await slow.join(room);
    await slow.next((f) => f.t === 'drained');
    slow.ws.pause();
    const writer = await connect();
    await writer.join(room);
    const big = ciphertext(60_000);
    let acked = 0;
    for (let i = 0; i < 150; i++) {
      await writer.publish(room, big);
      acked++;
      if ((await relay.metrics()).includes('cryptalk_forced_closes_total{reason="slow consumer"} 1')) break;
    }
    assert.match(await relay.metrics(), /cryptalk_forced_closes_total\{reason="slow consumer"\} [1-9]/);
    assert.ok(acked > 0);
    writer.close();
    slow.close();
  });

  test('rooms per connection are capped', async () => {
    const c = await connect();
    for (let i = 0; i < 8; i++) await c.join(roomId());
    await assert.rejects(c.join(roomId()), /RELAY_TOO_MANY_ROOMS/);
    c.close();
  });
});

describe('history, resume and mailboxes', () => {
  test('resume from (epoch, offset) sends exactly the missed envelopes in order, or recovered:false', async () => {
    const room = roomId();
    const a = await connect();
    const joined = await a.join(room);
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push(await a.publish(room, `m${i}`));
    const b = await connect();
    const j = await b.join(room, { resume: { epoch: joined.epoch, offset: 2 } });
    assert.equal(j.recovered, true);
    assert.equal(j.from, 2);
    await b.next((f) => f.t === 'drained');
    assert.deepEqual(
      b.takeDeliveries(room).map((d) => [d.offset, d.ct]),
      [
        [2, 'm2'],
        [3, 'm3'],
        [4, 'm4'],
      ],
    );
    const c = await connect();
    const wrongEpoch = await c.join(room, { resume: { epoch: 'AAAAAAAAAAA', offset: 2 } });
    assert.equal(wrongEpoch.recovered, false);
    const future = await c.join(room, { resume: { epoch: joined.epoch, offset: 99 } });
    assert.equal(future.recovered, false);
    for (const x of [a, b, c]) x.close();
  });

  test('a disappearing message is delivered until its ttl, then never again; resume points stay valid', async () => {
    const room = roomId();
    const a = await connect();
    const joined = await a.join(room);
    await a.publish(room, 'stays-0');
    await a.publish(room, 'vanishes-1', undefined, 1);
    await a.publish(room, 'stays-2');
    const early = await connect();
    await early.join(room, { resume: { epoch: joined.epoch, offset: 0 } });
    await early.next((f) => f.t === 'drained');
    assert.deepEqual(
      early.takeDeliveries(room).map((d) => d.ct),
      ['stays-0', 'vanishes-1', 'stays-2'],
    );
    await new Promise((r) => setTimeout(r, 1100));
    const late = await connect();
    const j = await late.join(room, { resume: { epoch: joined.epoch, offset: 0 } });
    assert.equal(j.recovered, true, 'the erased message does not invalidate older resume points');
    await late.next((f) => f.t === 'drained');
    assert.deepEqual(
      late.takeDeliveries(room).map((d) => [d.offset, d.ct]),
      [
        [0, 'stays-0'],
        [2, 'stays-2'],
      ],
    );
    for (const x of [a, early, late]) x.close();
  });

  test('an offline member gets its backlog on return, then "drained"; after receipts its mailbox is empty', async () => {
    const room = roomId();
    const secret = randomBytes(32);
    const alice = await TestClient.connect(relay.url, { deviceSecret: secret });
    await alice.join(room);
    await alice.next((f) => f.t === 'drained');
    alice.close();
    const bob = await connect();
    await bob.join(room);
    for (let i = 0; i < 3; i++) await bob.publish(room, `while-away-${i}`);
    const back = await TestClient.connect(relay.url, { deviceSecret: secret });
    const j = await back.join(room);
    assert.equal(j.from, 0);
    const drained = await back.next((f) => f.t === 'drained');
    assert.equal(drained.t === 'drained' && drained.offset, 3);
    const got = back.takeDeliveries(room);
    assert.deepEqual(
      got.map((d) => d.ct),
      ['while-away-0', 'while-away-1', 'while-away-2'],
    );
    assert.equal(await relay.store.mailboxSize(room, back.roomKey(room), Date.now()), 3);
    back.send({ v: 1, t: 'recv', room, offset: 2 });
    for (
      let i = 0;
      i < 50 && (await relay.store.mailboxSize(room, back.roomKey(room), Date.now())) > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(await relay.store.mailboxSize(room, back.roomKey(room), Date.now()), 0);
    back.close();
    const again = await TestClient.connect(relay.url, { deviceSecret: secret });
    const j2 = await again.join(room);
    assert.equal(j2.from, 3, 'nothing left in the mailbox');
    again.close();
    bob.close();
  });

  test('MLS handshake messages are totally ordered by epoch; a stale one is refused', async () => {
    const room = roomId();
    const a = await connect();
    await a.join(room);
    const send = (epoch: number, rid: string) =>
      a.send({ v: 1, t: 'publish', room, msgId: randomId(), epoch, ct: ciphertext(), hs: true, rid });
    send(0, 'h0');
    send(0, 'h0b');
    send(1, 'h1');
    assert.equal((await a.next((f) => f.rid === 'h0')).t, 'ack');
    assert.equal(code(await a.next((f) => f.rid === 'h0b')), 'RELAY_STALE_EPOCH');
    assert.equal((await a.next((f) => f.rid === 'h1')).t, 'ack');
    a.close();
  });

  test('signals reach the other members, are never stored, and the sender does not get its own', async () => {
    const room = roomId();
    const a = await connect();
    const b = await connect();
    await a.join(room);
    await b.join(room);
    a.send({ v: 1, t: 'signal', room, data: 'dHlwaW5n' });
    const s = await b.next((f) => f.t === 'signal');
    assert.equal(s.t === 'signal' && s.data, 'dHlwaW5n');
    assert.ok(s.t === 'signal' && s.age < 5000);
    assert.deepEqual(await relay.store.range(room, 0, 10), []);
    await assert.rejects(a.next((f) => f.t === 'signal', 200));
    a.close();
    b.close();
  });

  test('only the creator destroys a room; members are told', async () => {
    const room = roomId();
    const owner = await connect();
    const member = await connect();
    await owner.join(room);
    await member.join(room);
    member.send({ v: 1, t: 'destroy', room, rid: 'x' });
    assert.equal(code(await member.next((f) => f.rid === 'x')), 'RELAY_NOT_OWNER');
    owner.send({ v: 1, t: 'destroy', room, rid: 'y' });
    assert.equal((await owner.next((f) => f.rid === 'y')).t, 'destroyed');
    assert.equal((await member.next((f) => f.t === 'destroyed')).t, 'destroyed');
    assert.equal(await relay.store.roomInfo(room, Date.now()), undefined);
    owner.close();
    member.close();
  });
});

describe('directory and blobs', () => {
  test('a one-time prekey is handed out once; lookups are rate-limited', async () => {
    const owner = await connect();
    const ch = await owner.challenge();
    const proof = owner.prove('directory', ch);
    owner.send({
      v: 1,
      t: 'keys.put',
      proof,
      bundle: 'QlVORExF',
      otks: ['T1RLMQ', 'T1RLMg'],
      kps: ['S1Ax'],
      rid: 'p',
    });
    const stored = await owner.next((f) => f.rid === 'p');
    assert.deepEqual(stored, { v: 1, t: 'keys.stored', otks: 2, kps: 1, rid: 'p' });
    const peer = await connect();
    await peer.join(roomId());
    const get = async (rid: string, kind: 'prekey' | 'kp') => {
      peer.send({ v: 1, t: 'keys.get', owner: proof.key, kind, rid });
      return peer.next((f) => f.rid === rid);
    };
    const one = await get('a', 'prekey');
    const two = await get('b', 'prekey');
    const three = await get('c', 'prekey');
    assert.equal(one.t === 'keys' && one.otk, 'T1RLMQ');
    assert.equal(two.t === 'keys' && two.otk, 'T1RLMg');
    assert.ok(three.t === 'keys' && three.otk === undefined && three.bundle === 'QlVORExF');
    assert.equal((await get('d', 'kp')).t, 'keys');
    assert.equal(code(await get('e', 'kp')), 'RELAY_NO_KEYS');
    assert.equal(code(await get('f', 'kp')), 'RELAY_RATE_LIMITED');
    owner.close();
    peer.close();
  });

  test('blobs upload by content hash, stream back with ranges, and refuse mismatches and oversize', async () => {
    const base = relay.url.replace('ws://', 'http://');
    const data = randomBytes(10_000);
    const id = createHash('sha256').update(data).digest('base64url');
    assert.equal(
      (await fetch(`${base}/v1/blobs/${id}`, { method: 'PUT', body: new Uint8Array(data) })).status,
      201,
    );
    const whole = await fetch(`${base}/v1/blobs/${id}`);
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), data);
    const part = await fetch(`${base}/v1/blobs/${id}`, { headers: { range: 'bytes=100-199' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-199/10000`);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), data.subarray(100, 200));
    const wrongId = createHash('sha256').update('other').digest('base64url');
    assert.equal(
      (await fetch(`${base}/v1/blobs/${wrongId}`, { method: 'PUT', body: new Uint8Array(data) })).status,
      422,
    );
    assert.equal((await fetch(`${base}/v1/blobs/${wrongId}`)).status, 404);
    const huge = randomBytes(65 * 1024);
    const hugeId = createHash('sha256').update(huge).digest('base64url');
    assert.equal(
      (await fetch(`${base}/v1/blobs/${hugeId}`, { method: 'PUT', body: new Uint8Array(huge) })).status,
      413,
    );
    const foreign = await fetch(`${base}/v1/blobs/${id}`, { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
  });

  test('health, readiness and metrics endpoints', async () => {
    const base = relay.url.replace('ws://', 'http://');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    const m = await (await fetch(`${base}/metrics`)).text();
    assert.match(m, /cryptalk_messages_stored_total \d+/);
    assert.match(m, /cryptalk_publish_seconds_bucket/);
  });
});

function code(f: { t: string; code?: string }): string | undefined {
  return f.t === 'error' ? f.code : `not an error: ${f.t}`;
}

function toBadSig(sig: string): string {
  return (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
}
