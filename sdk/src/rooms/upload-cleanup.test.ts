import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UploadState } from '../attachments/index.js';
import { openMemoryStore, type Store } from '../store/index.js';
import { deleteRoomUploads, ListedUploadStore } from './upload-cleanup.js';
import { mayHaveUploads, purgeOrphanUploads, UPLOAD_ROOMS_KEY } from './upload-rooms.js';
import { UploadStore } from './upload-store.js';

const state = (fill: number): UploadState => ({
  v: 1,
  key: new Uint8Array(32).fill(fill),
  suite: 1,
  size: 100,
  chunkSize: 16,
  segmentChunks: 4,
  segmentIds: ['s1'],
  uploaded: 1,
});

async function addRoom(store: Store, id: string): Promise<void> {
  await store.rooms.put({ id, joinedAt: Date.now() });
}

async function keysOf(store: Store, roomId: string, uploadId: string) {
  return {
    record: await store.kv.get(`upload:${roomId}:${uploadId}`),
    list: await store.kv.get(`uploads:${roomId}`),
  };
}

test('saving an upload lists its room once; deleting a room’s uploads removes records, keys and listing', async () => {
  const store = await openMemoryStore();
  try {
    const up = new ListedUploadStore(store, 'room-1');
    await up.save('u1', { state: state(1), name: 'a.bin', mime: 'application/octet-stream' });
    await up.save('u1', { state: state(1), name: 'a.bin', mime: 'application/octet-stream' });
    await new ListedUploadStore(store, 'room-1').save('u2', { state: state(2), name: 'b', mime: 'x/y' });
    await new ListedUploadStore(store, 'room-2').save('u3', { state: state(3), name: 'c', mime: 'x/y' });
    assert.deepEqual(await store.kv.get(UPLOAD_ROOMS_KEY), ['room-1', 'room-2']);
    assert.equal((await up.list()).length, 2);

    await deleteRoomUploads(store, 'room-1');
    assert.deepEqual(await keysOf(store, 'room-1', 'u1'), { record: undefined, list: undefined });
    assert.deepEqual(await keysOf(store, 'room-1', 'u2'), { record: undefined, list: undefined });
    assert.deepEqual(await store.kv.get(UPLOAD_ROOMS_KEY), ['room-2']);
    assert.ok((await keysOf(store, 'room-2', 'u3')).record, 'another room’s upload stays');
    await deleteRoomUploads(store, 'room-2');
    assert.equal(await store.kv.get(UPLOAD_ROOMS_KEY), undefined, 'the empty listing is deleted');
  } finally {
    await store.close();
  }
});

test('purging on open deletes the uploads of rooms that no longer exist, and only those', async () => {
  const store = await openMemoryStore();
  try {
    await addRoom(store, 'live');
    await new ListedUploadStore(store, 'live').save('u1', { state: state(4), name: 'a', mime: 'x/y' });
    await new ListedUploadStore(store, 'gone').save('u2', { state: state(5), name: 'b', mime: 'x/y' });
    await new ListedUploadStore(store, 'gone-too').save('u3', { state: state(6), name: 'c', mime: 'x/y' });
    assert.deepEqual((await purgeOrphanUploads(store)).sort(), ['gone', 'gone-too']);
    assert.deepEqual(await keysOf(store, 'gone', 'u2'), { record: undefined, list: undefined });
    assert.deepEqual(await keysOf(store, 'gone-too', 'u3'), { record: undefined, list: undefined });
    assert.ok((await keysOf(store, 'live', 'u1')).record, 'the live room’s upload stays');
    assert.deepEqual(await store.kv.get(UPLOAD_ROOMS_KEY), ['live']);
    assert.deepEqual(await purgeOrphanUploads(store), [], 'nothing left to purge');
  } finally {
    await store.close();
  }
});

test('a room may have uploads when it is listed or has an upload list of its own (so dropping it loads their code)', async () => {
  const store = await openMemoryStore();
  try {
    assert.equal(await mayHaveUploads(store, 'room-1'), false, 'no uploads: nothing to load on drop');
    await new ListedUploadStore(store, 'room-1').save('u1', { state: state(1), name: 'a', mime: 'x/y' });
    assert.equal(await mayHaveUploads(store, 'room-1'), true, 'listed');
    // a room list without the listing (a crash between the two, or a store written before the listing)
    await new UploadStore(store, 'room-2').save('u2', { state: state(2), name: 'b', mime: 'x/y' });
    assert.equal(await mayHaveUploads(store, 'room-2'), true, 'its own upload list');
    await deleteRoomUploads(store, 'room-1');
    await deleteRoomUploads(store, 'room-2');
    assert.equal(await mayHaveUploads(store, 'room-1'), false);
    assert.equal(await mayHaveUploads(store, 'room-2'), false);
  } finally {
    await store.close();
  }
});
