import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reopenableStore } from '../../test/helpers/stores.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import { type ChatMessage, ClientError, type CrypTalkClient } from './index.js';
import { nextEvent, until } from './testing/wait.js';

const relay = useTestRelay();

const open = clientOpener(relay, { reconnect: false });

test('a group join restored after a restart times out with CLIENT_JOIN_TIMEOUT, then completes on a later attempt', async () => {
  const deviceA = reopenableStore(11);
  const deviceB = reopenableStore(12);
  const a = await open('Ada', { store: await deviceA.open() });
  const room = await a.createRoom({ name: 'team' });
  const link = await room.invite();
  const id = room.id;
  await a.close(); // nobody can admit the joiner now

  const b = await open('Bob', { store: await deviceB.open() });
  const join = b.joinByLink(link);
  await until(() => deviceB.data.tables.get('kv')?.size !== 0, 'the pending join stored');
  await new Promise((r) => setTimeout(r, 300)); // the request reached the relay
  await b.close();
  await assert.rejects(join, { code: 'CLIENT_CLOSED' });

  // Restarted with nobody there to admit it: after joinTimeoutMs, a typed error instead of waiting forever.
  const joinTimeoutMs = 1_200;
  const started = Date.now();
  const b2 = await open('Bob', { store: await deviceB.open(), joinTimeoutMs });
  let a2: CrypTalkClient | undefined;
  try {
    const timedOut = await nextEvent(
      b2,
      'error',
      (e) => e instanceof ClientError && e.code === 'CLIENT_JOIN_TIMEOUT',
      'CLIENT_JOIN_TIMEOUT for the restored join',
      10_000,
    );
    assert.ok(timedOut instanceof ClientError);
    assert.ok(Date.now() - started >= joinTimeoutMs - 50, 'not before the configured timeout');
    const roomB = b2.room(id);
    assert.ok(roomB, 'the room stays listed');
    assert.equal(roomB.ready, false);

    // The later attempt: Bob reconnects (his request is published again) while a member is back.
    b2.disconnect();
    a2 = await open('Ada', { store: await deviceA.open() });
    const roomA = a2.room(id);
    assert.ok(roomA);
    const joined = nextEvent(b2, 'member', (e) => e.room === id && e.member.self, 'Bob’s own join', 20_000);
    await b2.connect();
    await joined;
    await until(() => roomB.ready && roomA.members().length === 2, 'the join on the later attempt', 20_000);
    const got: ChatMessage[] = [];
    a2.on('message', (m) => got.push(m));
    await roomB.send('in after a timeout');
    await until(() => got.some((m) => m.text === 'in after a timeout'), 'the first message', 15_000);
    // the timer of the completed join is gone: no late timeout error
    const late: Error[] = [];
    b2.on('error', (e) => late.push(e));
    await new Promise((r) => setTimeout(r, joinTimeoutMs + 200));
    assert.deepEqual(
      late.filter((e) => e instanceof ClientError && e.code === 'CLIENT_JOIN_TIMEOUT'),
      [],
    );
  } finally {
    await a2?.close();
    await b2.close();
  }
});
