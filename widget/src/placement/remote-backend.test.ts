import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Channel, REMOTE_MARKER, REMOTE_VERSION, sameThreadChannelPair } from '@cryptalk/sdk/remote';
import type { ChatItem } from '../backend/chat-backend.js';
import { MemoryBackend, MemoryHub } from '../backend/memory-backend.js';
import { WidgetError } from '../errors.js';
import { REMOTE_MESSAGE_BATCH_MAX } from '../limits.js';
import { parsePlacement } from './placement.js';
import { RemoteBackend } from './remote-backend.js';
import { serveBackend } from './serve-backend.js';

const INIT = { relay: 'memory:', inviteBase: '' };

function pair(backend: MemoryBackend) {
  const [client, server] = sameThreadChannelPair();
  const refused: string[] = [];
  const host = serveBackend(server, backend, { onReject: (e) => refused.push(e.code) });
  return { client, server, host, refused };
}

const next = <T>(subscribe: (l: (v: T) => void) => void): Promise<T> =>
  new Promise((resolve) => subscribe(resolve));

test('a RemoteBackend drives a served backend: commands, history, events, rooms', async () => {
  const hub = new MemoryHub();
  hub.seed('r1', [{ author: 'Bob', text: 'earlier' }]);
  const served = new MemoryBackend({ hub, userName: 'Ann' });
  const bob = new MemoryBackend({ hub, userName: 'Bob' });
  const { client, host } = pair(served);
  const remote = await RemoteBackend.connect(client, INIT);
  assert.equal(remote.userName, 'Ann');
  assert.deepEqual(remote.capabilities, served.capabilities);
  await remote.connect();
  const history = await remote.join('r1');
  assert.deepEqual(
    history.map((m) => m.text),
    ['earlier'],
  );
  assert.deepEqual(
    remote.rooms().map((r) => r.id),
    ['r1'],
  );
  await bob.connect();
  await bob.join('r1');
  const heard = next<ChatItem>((l) => remote.on('message', (m) => !m.own && l(m)));
  await bob.send('r1', 'hello Ann');
  assert.equal((await heard).text, 'hello Ann');
  const own = next<ChatItem>((l) => bob.on('message', (m) => m.author === 'Ann' && l(m)));
  await remote.send('r1', 'hi Bob');
  assert.equal((await own).text, 'hi Bob');
  assert.equal(host.rejected, 0);
  remote.close();
});

test('attachments cross as bytes with progress; typed widget errors are revived', async () => {
  const hub = new MemoryHub();
  const served = new MemoryBackend({ hub, userName: 'Ann', capabilities: { safetyNumbers: false } });
  const { client } = pair(served);
  const remote = await RemoteBackend.connect(client, INIT);
  await remote.connect();
  await remote.join('r');
  const fractions: number[] = [];
  await remote.sendAttachment('r', new File([new Uint8Array([1, 2, 3])], 'a.bin'), (f) => fractions.push(f));
  assert.ok(fractions.length > 0 && fractions.at(-1) === 1, `progress reached 1 (${fractions.join(',')})`);
  const err = await remote.safetyNumber('r').catch((e: unknown) => e);
  if (served.capabilities.safetyNumbers) assert.equal(typeof err, 'string');
  else {
    assert.ok(err instanceof WidgetError, 'a WidgetError crossed the channel');
    assert.equal(err.code, 'WIDGET_UNSUPPORTED');
  }
  remote.close();
});

test('the serving side refuses unknown commands, bad arguments and calls before hello', async () => {
  const served = new MemoryBackend({ hub: new MemoryHub() });
  const { client, refused } = pair(served);
  const answers: unknown[] = [];
  client.onMessage((m) => answers.push(m));
  const call = (id: number, cmd: string, args: unknown[]) =>
    (client as Channel).send({ $ct: REMOTE_MARKER, v: REMOTE_VERSION, k: 'call', id, cmd, args } as never);
  call(1, 'join', ['r']); // before hello
  call(2, 'exportKeys', []);
  call(3, 'hello', [{ relay: 'x', inviteBase: '', extra: 1 }]);
  call(4, 'hello', [INIT]);
  call(5, 'send', ['r', 'x'.repeat(100_000)]);
  call(6, 'constructor', []);
  await new Promise((r) => setTimeout(r, 20));
  const byId = new Map(answers.map((a) => [(a as { id: number }).id, a as Record<string, unknown>]));
  const codeOf = (id: number) => (byId.get(id)?.error as { code?: string } | undefined)?.code;
  assert.equal(byId.get(1)?.k, 'err', 'join before hello fails');
  assert.equal(codeOf(2), 'REMOTE_UNKNOWN_COMMAND');
  assert.equal(codeOf(3), 'REMOTE_BAD_ARGS');
  assert.equal(byId.get(4)?.k, 'ok');
  assert.equal(codeOf(5), 'REMOTE_BAD_ARGS');
  assert.equal(codeOf(6), 'REMOTE_UNKNOWN_COMMAND');
  assert.deepEqual(refused.sort(), [
    'REMOTE_BAD_ARGS',
    'REMOTE_BAD_ARGS',
    'REMOTE_UNKNOWN_COMMAND',
    'REMOTE_UNKNOWN_COMMAND',
  ]);
});

test('a factory source builds the backend once, from the first hello', async () => {
  const built: string[] = [];
  const [client, server] = sameThreadChannelPair();
  serveBackend(server, (init) => {
    built.push(init.relay);
    return new MemoryBackend({ hub: new MemoryHub(), userName: 'W' });
  });
  const a = await RemoteBackend.connect(client, { relay: 'memory:', inviteBase: '' });
  assert.equal(a.userName, 'W');
  assert.deepEqual(built, ['memory:']);
  a.close();
});

test('a factory may build the backend asynchronously (a lazy chunk): hello answers once it is built', async () => {
  const built: string[] = [];
  const [client, server] = sameThreadChannelPair();
  serveBackend(server, async (init) => {
    built.push(init.relay);
    await new Promise((r) => setImmediate(r));
    return new MemoryBackend({ hub: new MemoryHub(), userName: 'L' });
  });
  const a = await RemoteBackend.connect(client, { relay: 'memory:', inviteBase: '' });
  assert.equal(a.userName, 'L');
  assert.deepEqual(built, ['memory:']);
  // Commands reach the built backend, and its events cross back.
  await a.connect();
  await a.join('lazy-room');
  const got = next<ChatItem>((l) => a.on('message', l));
  await a.send('lazy-room', 'hi');
  assert.equal((await got).text, 'hi');
  a.close();
});

test('a backend built after the host closed is closed, not served', async () => {
  const [client, server] = sameThreadChannelPair();
  let finish: (b: MemoryBackend) => void = () => {};
  const late = new MemoryBackend({ hub: new MemoryHub(), userName: 'Z' });
  let closed = false;
  const close = late.close.bind(late);
  late.close = () => {
    closed = true;
    close();
  };
  const host = serveBackend(server, () => new Promise<MemoryBackend>((r) => (finish = r)));
  const connecting = RemoteBackend.connect(client, { relay: 'memory:', inviteBase: '' }, { timeoutMs: 200 });
  await new Promise((r) => setImmediate(r));
  host.close();
  finish(late);
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, true);
  // the page's side gets no answer from a closed host: its hello times out, typed
  await assert.rejects(connecting, { code: 'REMOTE_TIMEOUT' });
});

test('parsePlacement: same, worker, frame; anything else is the worker', () => {
  assert.equal(parsePlacement('same'), 'same');
  assert.equal(parsePlacement('frame'), 'frame');
  assert.equal(parsePlacement(null), 'worker');
  assert.equal(parsePlacement('FRAME'), 'worker');
});

test('a burst crosses in bounded batches, in order, each message still its own event; answers wait for them', async () => {
  const hub = new MemoryHub();
  const served = new MemoryBackend({ hub, userName: 'Ann' });
  const bob = new MemoryBackend({ hub, userName: 'Bob' });
  const [client, server] = sameThreadChannelPair();
  const posted: Array<{ k?: string; name?: string; payload?: unknown }> = [];
  const send = server.send.bind(server);
  server.send = (message) => {
    posted.push(message as (typeof posted)[number]);
    send(message);
  };
  serveBackend(server, served);
  const remote = await RemoteBackend.connect(client, INIT);
  await remote.connect();
  await remote.join('r');
  await bob.connect();
  await bob.join('r');
  const got: string[] = [];
  remote.on('message', (m) => {
    if (!m.own) got.push(m.text);
  });
  const COUNT = 45;
  await Promise.all(Array.from({ length: COUNT }, (_, i) => bob.send('r', `m${i}`)));
  for (let i = 0; i < 100 && got.length < COUNT; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    got,
    Array.from({ length: COUNT }, (_, i) => `m${i}`),
  );
  const batches = posted
    .filter((m) => m.k === 'event' && m.name === 'messages')
    .map((m) => (m.payload as unknown[]).length);
  assert.ok(
    batches.every((n) => n >= 1 && n <= REMOTE_MESSAGE_BATCH_MAX),
    `batches of at most ${REMOTE_MESSAGE_BATCH_MAX}: ${batches}`,
  );
  assert.ok(batches.length < COUNT / 2, `${COUNT} messages in ${batches.length} batches`);
  assert.equal(posted.filter((m) => m.k === 'event' && m.name === 'message').length, 0);
  // The user's own message is on the page before `send` resolves.
  let own = '';
  remote.on('message', (m) => {
    if (m.own) own = m.text;
  });
  await remote.send('r', 'mine');
  assert.equal(own, 'mine');
  remote.close();
});
