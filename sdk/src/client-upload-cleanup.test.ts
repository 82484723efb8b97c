import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { Room } from './index.js';
import { ListedUploadStore } from './rooms/upload-cleanup.js';
import { UPLOAD_ROOMS_KEY } from './rooms/upload-rooms.js';
import { openMemoryStore, type Store } from './store/index.js';
import { nextEvent, until } from './testing/wait.js';

const relay = useTestRelay();

const CHUNK = 16 * 1024; // 16 chunks per segment: 256 KiB segments
const open = clientOpener(relay, { reconnect: false });

/** Starts an upload and aborts it after its first segment, so its record (with the file key) stays. */
async function interruptedUpload(room: Room, uploadId: string): Promise<void> {
  const stop = new AbortController();
  await assert.rejects(
    room.sendAttachment(new Uint8Array(randomBytes(2 * 256 * 1024 + 99)), {
      name: 'half.bin',
      chunkSize: CHUNK,
      uploadId,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.bytes >= 256 * 1024) stop.abort();
      },
    }),
    { code: 'ATTACHMENT_ABORTED' },
  );
  assert.equal((await room.pendingUploads()).length, 1, 'the interrupted upload is stored');
}

/** What the store still holds of a room's uploads. */
async function leftovers(store: Store, roomId: string, uploadId: string) {
  const rooms = ((await store.kv.get<string[]>(UPLOAD_ROOMS_KEY)) ?? []).filter((id) => id === roomId);
  return {
    record: await store.kv.get(`upload:${roomId}:${uploadId}`),
    list: await store.kv.get(`uploads:${roomId}`),
    listed: rooms,
  };
}
const NOTHING = { record: undefined, list: undefined, listed: [] };

test('the upload records of a group room that was left or destroyed are deleted with it', async () => {
  const [storeA, storeB] = await Promise.all([openMemoryStore(), openMemoryStore()]);
  const [a, b] = await Promise.all([open('Ada', { store: storeA }), open('Bob', { store: storeB })]);
  try {
    const left = await a.createRoom();
    const gone = await a.createRoom();
    const leftB = await b.joinByLink(await left.invite());
    const goneB = await b.joinByLink(await gone.invite());
    await until(() => leftB.ready && goneB.ready, 'Bob in both rooms', 15_000);

    await interruptedUpload(leftB, 'up-left');
    await interruptedUpload(goneB, 'up-gone-b');
    await interruptedUpload(gone, 'up-gone-a');
    assert.ok((await leftovers(storeB, leftB.id, 'up-left')).record, 'stored before');

    // left: Bob's copy of the room goes, and its upload with it
    await leftB.leave();
    assert.deepEqual(await leftovers(storeB, leftB.id, 'up-left'), NOTHING);

    // destroyed by its creator: gone at the creator, and at Bob when the relay tells him
    const destroyed = nextEvent(b, 'room', (e) => e.room === gone.id && e.kind === 'destroyed', 'destroyed');
    await gone.destroy();
    assert.deepEqual(await leftovers(storeA, gone.id, 'up-gone-a'), NOTHING);
    await destroyed;
    await until(() => b.room(gone.id) === undefined, 'Bob dropped the room');
    await b.close(); // the drop's store work is done once the client closed
    assert.deepEqual(await leftovers(storeB, gone.id, 'up-gone-b'), NOTHING);
    assert.equal(await storeB.kv.get(UPLOAD_ROOMS_KEY), undefined, 'no room with uploads is listed');
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([storeA.close(), storeB.close()]);
  }
});

test('with the room-core and client hooks: a 1:1 room’s uploads go with it, and opening purges orphans', async () => {
  const [storeA, storeB] = await Promise.all([openMemoryStore(), openMemoryStore()]);
  // an orphan left by an older version: the upload of a room the store no longer has
  await new ListedUploadStore(storeB, 'gone-room').save('orphan', {
    state: {
      v: 1,
      key: new Uint8Array(32).fill(9),
      suite: 1,
      size: 10,
      chunkSize: 16,
      segmentChunks: 1,
      segmentIds: [],
      uploaded: 0,
    },
    name: 'old.bin',
    mime: 'application/octet-stream',
  });
  const [a, b] = await Promise.all([open('Ada', { store: storeA }), open('Bob', { store: storeB })]);
  try {
    assert.deepEqual(
      await leftovers(storeB, 'gone-room', 'orphan'),
      NOTHING,
      'purged when the client opened',
    );
    const direct = await a.createDirectRoom();
    const directB = await b.joinByLink(await direct.invite());
    await until(() => directB.ready && direct.ready, 'the 1:1 session', 15_000);
    await interruptedUpload(directB, 'up-direct');
    await directB.leave();
    assert.deepEqual(await leftovers(storeB, directB.id, 'up-direct'), NOTHING);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Promise.all([storeA.close(), storeB.close()]);
  }
});
