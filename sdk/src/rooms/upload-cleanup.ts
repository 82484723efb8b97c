/**
 * Interrupted uploads must not outlive their room: each record holds the upload's file key. A room's uploads
 * (`upload:<roomId>:<uploadId>` and the list `uploads:<roomId>`, see `upload-store.ts`) are deleted when the room
 * goes away; and since the store's `kv` cannot be listed, the rooms that have uploads are named in one more sealed
 * record, `upload-rooms` (an array of room ids), so a client opening its store can purge the uploads of rooms that
 * no longer exist (dropped by an older version, or by a crash between the room's deletion and its uploads').
 *
 * @module
 */
import type { Store } from '../store/index.js';
import { readUploadRooms as readRooms, roomUploadsKey, UPLOAD_ROOMS_KEY } from './upload-rooms.js';
import { UploadStore } from './upload-store.js';

/** Names `roomId` in the list of rooms with uploads (before its first upload record is written). */
export async function noteUploadRoom(store: Store, roomId: string): Promise<void> {
  await store.transaction(async (tx) => {
    const ids = await readRooms(tx);
    if (!ids.includes(roomId)) await tx.kv.set(UPLOAD_ROOMS_KEY, [...ids, roomId]);
  });
}

/** Deletes every interrupted upload of a room (records, with their file keys, and its list), and unlists it. */
export async function deleteRoomUploads(store: Store, roomId: string): Promise<void> {
  await new UploadStore(store, roomId).clear();
  await store.transaction(async (tx) => {
    await tx.kv.delete(roomUploadsKey(roomId));
    const ids = await readRooms(tx);
    if (!ids.includes(roomId)) return;
    const rest = ids.filter((x) => x !== roomId);
    if (rest.length > 0) await tx.kv.set(UPLOAD_ROOMS_KEY, rest);
    else await tx.kv.delete(UPLOAD_ROOMS_KEY);
  });
}

/** A room's {@link UploadStore} that also lists the room in {@link UPLOAD_ROOMS_KEY} when it saves an upload. */
export class ListedUploadStore extends UploadStore {
  readonly #store: Store;
  readonly #roomId: string;
  #listed = false;

  /** @param store - the client's store. @param roomId - the room. */
  constructor(store: Store, roomId: string) {
    super(store, roomId);
    this.#store = store;
    this.#roomId = roomId;
  }

  /** Lists the room (first, so a crash never leaves an unlisted record), then saves the upload's progress. */
  override async save(...args: Parameters<UploadStore['save']>): Promise<void> {
    if (!this.#listed) await noteUploadRoom(this.#store, this.#roomId);
    this.#listed = true;
    await super.save(...args);
  }
}
