import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import WebSocket from 'ws';
import { type ChatMessage, type ConnectionState, CrypTalkClient } from './index.js';
import type { Store } from './store/index.js';
import { openNodeFileStore } from './store/node/index.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cryptalk-reconnect-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RELAY_LIMITS = { lookupsPerMinute: 10_000, connFramesPerSec: 10_000, connFramesBurst: 10_000 };

function startRelay(port: number): Promise<Relay> {
  return createRelay({ port, dataDir: join(dir, 'relay'), ...RELAY_LIMITS });
}

function fileStore(name: string): Promise<Store> {
  return openNodeFileStore({
    dir: join(dir, name),
    passphrase: 'correct horse battery staple',
    kdf: { kind: 'scrypt', N: 1024, r: 8, p: 1 },
    allowWeakKdf: true,
    sweepIntervalMs: 0,
  });
}

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('relay restart: 20 messages sent offline wait in the outbox, go out on the automatic reconnect, arrive once and in order', async () => {
  let relay = await startRelay(0);
  const port = Number(new URL(relay.url).port);
  const storeA = await fileStore('ada');
  const options = { relay: relay.url, WebSocket: WebSocket as never, reconnect: { baseMs: 100, maxMs: 400 } };
  const a = await CrypTalkClient.open({ ...options, store: storeA, displayName: 'Ada' });
  const b = await CrypTalkClient.open({ ...options, displayName: 'Bob' });
  const states: ConnectionState[] = [];
  a.on('connection', (e) => states.push(e.state));
  const got: ChatMessage[] = [];
  b.on('message', (m) => got.push(m));
  try {
    const roomA = await a.createRoom();
    const roomB = await b.joinByLink(await roomA.invite());
    await until(() => roomA.members().length === 2 && roomB.members().length === 2, 'two members');
    await roomA.send('before');
    await until(() => got.length === 1, 'the first message');

    await relay.close();
    await until(() => a.connectionState !== 'connected' && b.connectionState !== 'connected', 'both offline');
    const sent: ChatMessage[] = [];
    for (let i = 0; i < 20; i++) sent.push(await roomA.send(`offline ${i}`));
    assert.ok(
      sent.every((m) => m.offset === -1),
      'queued while offline (no offset yet)',
    );
    assert.equal((await roomA.history()).messages.length, 21, 'shown at once, pending');

    relay = await startRelay(port);
    await until(() => got.length >= 21, 'the 20 offline messages at Bob', 20_000);
    await new Promise((r) => setTimeout(r, 300)); // anything sent twice would show up by now
    assert.deepEqual(
      got.map((m) => m.text),
      ['before', ...Array.from({ length: 20 }, (_, i) => `offline ${i}`)],
    );
    assert.equal(new Set(got.map((m) => m.msgId)).size, got.length, 'no message twice');
    assert.deepEqual(
      got.slice(1).map((m) => m.msgId),
      sent.map((m) => m.msgId),
    );
    for (let i = 1; i < got.length; i++) {
      assert.ok((got[i]?.offset ?? 0) > (got[i - 1]?.offset ?? 0), 'relay order = send order');
    }
    // The acks reached Ada: her history has the relay's offsets; the outbox is empty.
    await until(() => roomA.message(sent[19]?.msgId ?? '')?.offset !== -1, 'acks at Ada');
    const pending = await storeA.outbox.count();
    assert.equal(pending, 0);
    assert.ok(
      states.includes('reconnecting') || states.includes('connecting'),
      `states: ${states.join(',')}`,
    );
    assert.equal(states.at(-1), 'connected');
    const back = new Promise<ChatMessage>((resolve) =>
      a.on('message', (m) => m.text === 'welcome back' && resolve(m)),
    );
    await roomB.send('welcome back');
    await back;
  } finally {
    await Promise.all([a.close(), b.close()]);
    await storeA.close();
    await relay.close();
  }
});

test('1:1 room: messages queued offline survive closing the client; reopened from its store, it delivers them once', async () => {
  let relay = await startRelay(0);
  const port = Number(new URL(relay.url).port);
  const options = { relay: relay.url, WebSocket: WebSocket as never, reconnect: { baseMs: 100, maxMs: 400 } };
  let storeA = await fileStore('ada-direct');
  let a = await CrypTalkClient.open({ ...options, store: storeA, displayName: 'Ada' });
  const b = await CrypTalkClient.open({ ...options, displayName: 'Bob' });
  const got: ChatMessage[] = [];
  b.on('message', (m) => got.push(m));
  try {
    const roomA = await a.createDirectRoom();
    await b.joinByLink(await roomA.invite());
    await until(() => roomA.ready, '1:1 ready');
    await roomA.send('before');
    await until(() => got.length === 1, 'the first message');

    await relay.close();
    await until(() => a.connectionState !== 'connected', 'Ada offline');
    for (let i = 0; i < 3; i++) assert.equal((await roomA.send(`queued ${i}`)).offset, -1);
    await a.close();
    await storeA.close();

    relay = await startRelay(port);
    storeA = await fileStore('ada-direct');
    assert.equal(await storeA.outbox.count(), 3, 'the queue is in the sealed store');
    a = await CrypTalkClient.open({ ...options, store: storeA });
    await until(() => got.length >= 4, 'the queued messages at Bob', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      got.map((m) => m.text),
      ['before', 'queued 0', 'queued 1', 'queued 2'],
    );
    await until(() => a.room(roomA.id)?.message(got[3]?.msgId ?? '')?.offset !== -1, 'acks at Ada');
    assert.equal(await storeA.outbox.count(), 0);
    assert.deepEqual(
      (await (a.room(roomA.id) as NonNullable<ReturnType<typeof a.room>>).history()).messages.map(
        (m) => m.text,
      ),
      ['queued 2', 'queued 1', 'queued 0', 'before'],
    );
  } finally {
    await Promise.all([a.close(), b.close()]);
    await storeA.close();
    await relay.close();
  }
});
