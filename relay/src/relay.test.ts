import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CrypTalkClient, randomId } from '@cryptalk/sdk';
import { decodeServerFrame, MAX_FRAME_BYTES, type ServerFrame, WS_SUBPROTOCOL } from '@cryptalk/sdk/protocol';
import WebSocket from 'ws';
import { createRelay, type Relay } from './relay.js';

let relay: Relay;
before(async () => {
  relay = await createRelay({ port: 0 });
});
after(() => relay.close());

/** A raw socket that collects decoded frames. */
async function raw(): Promise<{ ws: WebSocket; next(): Promise<ServerFrame> }> {
  const ws = new WebSocket(relay.url, WS_SUBPROTOCOL);
  const queue: ServerFrame[] = [];
  const waiters: ((f: ServerFrame) => void)[] = [];
  ws.on('message', (data) => {
    const frame = decodeServerFrame(data.toString());
    const w = waiters.shift();
    if (w) w(frame);
    else queue.push(frame);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    ws,
    next: () => {
      const f = queue.shift();
      if (f) return Promise.resolve(f);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no frame within 2 s')), 2000);
        waiters.push((frame) => {
          clearTimeout(t);
          resolve(frame);
        });
      });
    },
  };
}

async function client(): Promise<CrypTalkClient> {
  const c = new CrypTalkClient({ relay: relay.url, WebSocket: WebSocket as never });
  await c.connect();
  return c;
}

test('fans a message out to every member of the room and acks it with its offset', async () => {
  const room = randomId();
  const [a, b, outsider] = await Promise.all([client(), client(), client()]);
  const roomA = await a.join(room);
  await b.join(room);
  await outsider.join(randomId());
  const got: string[] = [];
  outsider.on('message', (m) => got.push(m.text));
  const received = new Promise<string>((resolve) => b.on('message', (m) => resolve(m.text)));
  const sent = await roomA.send('hi bob');
  assert.equal(sent.offset, 0);
  assert.equal(await received, 'hi bob');
  assert.equal((await roomA.send('again')).offset, 1);
  assert.deepEqual(got, []);
  for (const c of [a, b, outsider]) c.close();
});

test('answers bad frames with typed error frames and keeps serving everyone', async (t) => {
  const room = randomId();
  const bystanderA = await client();
  const bystanderB = await client();
  const roomA = await bystanderA.join(room);
  await bystanderB.join(room);
  const bad = await raw();
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
    [
      'publish before join',
      JSON.stringify({ v: 1, t: 'publish', room, msgId: randomId(), epoch: 0, ct: '' }),
      'RELAY_NOT_JOINED',
    ],
  ];
  for (const [name, data, code] of cases) {
    await t.test(name, async () => {
      bad.ws.send(data);
      const frame = await bad.next();
      assert.equal(frame.t, 'error');
      assert.equal(frame.t === 'error' && frame.code, code);
      // Error messages never echo the client's input.
      assert.ok(frame.t === 'error' && !frame.message.includes(room));
    });
  }
  assert.equal(bad.ws.readyState, WebSocket.OPEN, 'the misbehaving client is still connected');
  const received = new Promise<string>((resolve) => bystanderB.on('message', (m) => resolve(m.text)));
  await roomA.send('still here');
  assert.equal(await received, 'still here');
  bad.ws.close();
  bystanderA.close();
  bystanderB.close();
});
