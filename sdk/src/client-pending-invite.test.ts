import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reopenableStore } from '../../test/helpers/stores.js';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { ChatMessage } from './index.js';
import { createMemoryEngineData, MemoryEngine, openMemoryStore, openSealedStore } from './store/index.js';
import { until } from './testing/wait.js';

const relay = useTestRelay();

const open = clientOpener(relay, { reconnect: false });

/** Every sealed body of a memory engine's data, as latin1 text (to search it for secrets). */
function rawText(data: ReturnType<typeof createMemoryEngineData>): string {
  const parts: string[] = [];
  for (const table of data.tables.values()) for (const row of table.values()) parts.push(JSON.stringify(row));
  return parts.join('\n');
}

describe('a pending invite survives a restart', () => {
  test('1:1: the creator closed before the peer joined completes the session after reopening', async () => {
    const data = createMemoryEngineData();
    const rawKey = new Uint8Array(32).fill(5);
    const a = await open('Ada', { store: await openMemoryStore({ data, rawKey }) });
    const room = await a.createDirectRoom({ name: 'waiting' });
    const link = await room.invite();
    const id = room.id;
    await a.close();
    // the prekey secrets are in the store, sealed: no key material in the clear
    assert.ok(!rawText(data).includes('room-prekeys'), 'the kv key itself is a blind index');

    const a2 = await open('Ada', {
      store: await openSealedStore(new MemoryEngine(data), { rawKey, sweepIntervalMs: 0 }),
    });
    const b = await open('Bob');
    try {
      const room2 = a2.room(id);
      assert.ok(room2, 'the pending 1:1 room was restored');
      assert.equal(room2.ready, false);
      const joined = new Promise<void>((resolve) => {
        a2.on('member', (e) => {
          if (e.room === id && e.kind === 'joined') resolve();
        });
      });
      const roomB = await b.joinByLink(link);
      await joined;
      await until(() => room2.ready && roomB.ready, 'the 1:1 session after the restart', 15_000);
      const got: ChatMessage[] = [];
      b.on('message', (m) => got.push(m));
      await room2.send('hello after a restart');
      await until(() => got.some((m) => m.text === 'hello after a restart'), 'the first message', 15_000);
      // once the session started, the prekey secrets are deleted from the store
      await a2.close();
      const check = await openSealedStore(new MemoryEngine(data), { rawKey, sweepIntervalMs: 0 });
      assert.equal(await check.kv.get(`room-prekeys:${id}`), undefined, 'the used prekeys were deleted');
      await check.close();
    } finally {
      await a2.close();
      await b.close();
    }
  });

  test('group: a joiner closed while waiting for its Welcome joins after reopening', async () => {
    const deviceA = reopenableStore(6);
    const deviceB = reopenableStore(7);
    const a = await open('Ada', { store: await deviceA.open() });
    const room = await a.createRoom({ name: 'team' });
    const link = await room.invite();
    const id = room.id;
    await a.close(); // nobody can admit the joiner now

    const b = await open('Bob', { store: await deviceB.open() });
    const join = b.joinByLink(link);
    await until(
      () => b.room(id) === undefined && deviceB.data.tables.get('kv')?.size !== 0,
      'the pending join stored',
    );
    await new Promise((r) => setTimeout(r, 300)); // the request reached the relay
    await b.close();
    await assert.rejects(join, { code: 'CLIENT_CLOSED' });

    const a2 = await open('Ada', { store: await deviceA.open() });
    const b2 = await open('Bob', { store: await deviceB.open() });
    try {
      const roomB = b2.room(id);
      assert.ok(roomB, 'the pending group join was restored');
      const roomA = a2.room(id);
      assert.ok(roomA);
      await until(() => roomB.ready && roomA.members().length === 2, 'the join after both restarts', 20_000);
      const got: ChatMessage[] = [];
      a2.on('message', (m) => got.push(m));
      await roomB.send('joined after a restart');
      await until(() => got.some((m) => m.text === 'joined after a restart'), 'the first message', 15_000);
      await b2.close();
      const check = await deviceB.open();
      assert.equal(await check.kv.get(`room-prekeys:${id}`), undefined, 'the used key package was deleted');
      await check.close();
    } finally {
      await a2.close();
      await b2.close();
    }
  });
});

test('a join cut short by close() rejects with CLIENT_CLOSED, whichever step the close interrupted', async () => {
  const a = await open('Ada');
  const link = await (await a.createRoom({ name: 'team' })).invite();
  await a.close(); // nobody admits the joiners: each join is still waiting when its client closes
  // From the same tick to after the request went out: creating the key package, storing it, publishing, waiting.
  const delays = [...Array.from({ length: 41 }, (_, i) => i), 64, 128, 256]; // every ms of the first 40: storing, publishing
  for (const delayMs of delays) {
    const b = await open('Bob');
    const join = b.joinByLink(link);
    join.catch(() => undefined); // settled below; not unhandled while close() runs
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    await b.close();
    await assert.rejects(join, { name: 'ClientError', code: 'CLIENT_CLOSED' }, `closed after ${delayMs} ms`);
  }
});
