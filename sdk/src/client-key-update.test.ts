import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import { MlsGroup } from './crypto/group/index.js';
import { ClientError } from './errors.js';
import type { ChatMessage, CrypTalkClient, MemberEvent } from './index.js';
import { type RoomMeta, roomMetaKey } from './rooms/room-context.js';
import { openMemoryStore, type Store } from './store/index.js';
import { until } from './testing/wait.js';

const relay = useTestRelay();
const open = clientOpener(relay, { reconnect: false });

/** The MLS epoch of a room's stored group state. */
async function storedEpoch(store: Store, roomId: string): Promise<bigint> {
  const state = (await store.rooms.get(roomId))?.state;
  assert.ok(state, 'the group state is stored');
  return MlsGroup.deserialize(state).epoch;
}

async function pair(a: CrypTalkClient, b: CrypTalkClient) {
  const roomA = await a.createRoom();
  const roomB = await b.joinByLink(await roomA.invite());
  await until(() => roomB.ready && roomA.members().length === 2, 'Bob joined', 15_000);
  return { roomA, roomB };
}

test('a send that finds its device keys due commits an update: the others follow, messages flow, the time is stored', async () => {
  const [storeA, storeB] = await Promise.all([openMemoryStore(), openMemoryStore()]);
  // Ada's keys are always due; Bob never updates on his own
  const a = await open('Ada', { store: storeA, keyUpdateIntervalMs: 0 });
  const b = await open('Bob', { store: storeB, keyUpdateIntervalMs: false });
  try {
    const { roomA, roomB } = await pair(a, b);
    const memberEvents: MemberEvent[] = [];
    b.on('member', (e) => {
      if (e.kind !== 'profile') memberEvents.push(e);
    });
    const gotA: ChatMessage[] = [];
    const gotB: ChatMessage[] = [];
    a.on('message', (m) => gotA.push(m));
    b.on('message', (m) => gotB.push(m));
    const epoch = await storedEpoch(storeB, roomB.id);
    const sentAt = Date.now();

    await roomA.send('one');
    await until(
      async () => (await storedEpoch(storeB, roomB.id)) === epoch + 1n,
      "Ada's update at Bob",
      15_000,
    );
    await until(
      async () => (await storedEpoch(storeA, roomA.id)) === epoch + 1n,
      "Ada's update stored",
      15_000,
    );
    const meta = await storeA.kv.get<RoomMeta>(roomMetaKey(roomA.id));
    assert.ok(
      meta?.keysUpdatedAt !== undefined && meta.keysUpdatedAt >= sentAt,
      'when Ada updated is stored',
    );

    await roomB.send('two');
    await until(() => gotA.some((m) => m.text === 'two'), "Bob's message after the update", 15_000);
    await roomA.send('three');
    await until(() => gotB.some((m) => m.text === 'three'), "Ada's message after the update", 15_000);
    await until(async () => (await storedEpoch(storeB, roomB.id)) === epoch + 2n, 'a second update', 15_000);
    assert.deepEqual(
      gotB.map((m) => m.text),
      ['one', 'three'],
    );
    assert.equal(roomB.members().length, 2);
    assert.deepEqual(memberEvents, [], 'an update changes no membership (no join or leave)');
    // Bob, who never updates on his own, made no commit: only Ada's two
    assert.equal(await storedEpoch(storeA, roomA.id), epoch + 2n);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('with the default interval (a day) sends commit nothing; updateKeys() does, and a 1:1 room has nothing to update', async () => {
  const [storeA, storeB] = await Promise.all([openMemoryStore(), openMemoryStore()]);
  const [a, b] = await Promise.all([open('Ada', { store: storeA }), open('Bob', { store: storeB })]);
  try {
    const { roomA, roomB } = await pair(a, b);
    const gotB: ChatMessage[] = [];
    b.on('message', (m) => gotB.push(m));
    const epoch = await storedEpoch(storeB, roomB.id);
    for (const text of ['a', 'b', 'c']) await roomA.send(text);
    await until(() => gotB.length === 3, 'three messages', 15_000);
    assert.equal(await storedEpoch(storeA, roomA.id), epoch, 'no commit with fresh keys');
    assert.equal(await storedEpoch(storeB, roomB.id), epoch);

    assert.equal(await roomB.updateKeys(), true);
    await until(
      async () => (await storedEpoch(storeA, roomA.id)) === epoch + 1n,
      "Bob's update at Ada",
      15_000,
    );
    await roomA.send('after');
    await until(() => gotB.some((m) => m.text === 'after'), 'a message after the update', 15_000);

    const direct = await a.createDirectRoom();
    assert.equal(await direct.updateKeys(), false);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('updateKeys() offline is refused with CLIENT_NOT_CONNECTED and changes nothing', async () => {
  const store = await openMemoryStore();
  const a = await open('Ada', { store });
  try {
    const room = await a.createRoom();
    const epoch = await storedEpoch(store, room.id);
    a.disconnect();
    await assert.rejects(
      room.updateKeys(),
      (e: unknown) => e instanceof ClientError && e.code === 'CLIENT_NOT_CONNECTED',
    );
    assert.equal(await storedEpoch(store, room.id), epoch);
  } finally {
    await a.close();
  }
});

test('keyUpdateIntervalMs must be a whole number of ms or false', async () => {
  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60000', true]) {
    await assert.rejects(
      open('Ada', { keyUpdateIntervalMs: bad as never, connect: false }),
      (e: unknown) =>
        e instanceof ClientError &&
        e.code === 'CLIENT_INVALID_ARGUMENT' &&
        /keyUpdateIntervalMs/.test(e.message),
      String(bad),
    );
  }
});
