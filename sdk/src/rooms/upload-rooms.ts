/**
 * The list of rooms that have (or had) interrupted uploads (`upload-rooms`, see `upload-cleanup.ts`) and what a
 * client does with it when it opens: the one part of the upload bookkeeping every open runs. The rest (the upload
 * records, their deletion) is in `upload-cleanup.ts` and `upload-store.ts`, which {@link loadUploads} imports when
 * a room has uploads to save, list or delete: a chat that never sends a file never downloads them.
 *
 * @module
 */
import type { Store, StoreScope } from '../store/index.js';

/** The `kv` key of the list of room ids that have (or had) interrupted uploads. */
export const UPLOAD_ROOMS_KEY = 'upload-rooms';

/** The `kv` key of a room's upload list (`upload-store.ts`; it stays, empty, after its last delete). */
export const roomUploadsKey = (roomId: string): string => `uploads:${roomId}`;

/** The upload records' code (a lazy chunk in the widget's build). */
export const loadUploads = () => import('./upload-cleanup.js');

/** The ids of the rooms listed as having uploads. */
export async function readUploadRooms(scope: StoreScope): Promise<string[]> {
  const ids = await scope.kv.get<string[]>(UPLOAD_ROOMS_KEY);
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Deletes the uploads of every listed room that is no longer in the store's `rooms` table (call it when a client
 * opens its store, before any room is created). Loads the upload code only when there are some to delete.
 * @returns the ids of the rooms whose uploads were purged.
 */
export async function purgeOrphanUploads(store: Store): Promise<string[]> {
  const listed = await readUploadRooms(store);
  if (listed.length === 0) return [];
  const live = new Set((await store.rooms.list()).map((r) => r.id));
  const gone = listed.filter((id) => !live.has(id));
  if (gone.length === 0) return [];
  const { deleteRoomUploads } = await loadUploads();
  for (const id of gone) await deleteRoomUploads(store, id);
  return gone;
}

/**
 * Whether a room may have upload records: it is listed, or has an upload list of its own (a room is listed before
 * its first record is written). A room without either needs no upload code to be dropped.
 */
export async function mayHaveUploads(store: Store, roomId: string): Promise<boolean> {
  if ((await readUploadRooms(store)).includes(roomId)) return true;
  return (await store.kv.get(roomUploadsKey(roomId))) !== undefined;
}
