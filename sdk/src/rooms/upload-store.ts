/**
 * Interrupted attachment uploads, kept in the sealed store so they continue after a restart. Each upload of a
 * room has a record `upload:<roomId>:<uploadId>` in the store's `kv` (the {@link UploadState}, which holds the
 * file key, plus the name, MIME type and size), and the room's list `uploads:<roomId>` names them. Both are
 * sealed like every record; both go when the attachment message was sent.
 *
 * @module
 */
import type { UploadState } from '../attachments/index.js';
import type { Store } from '../store/index.js';
import { roomUploadsKey } from './upload-rooms.js';

/** An upload that did not finish (the client closed, the connection dropped, it was aborted). */
export interface PendingUpload {
  /** The id to pass back as `uploadId` to {@link Room.sendAttachment}, with the same file. */
  readonly uploadId: string;
  /** The file name it was sent with. */
  readonly name: string;
  /** The MIME type it was sent with. */
  readonly mime: string;
  /** The file's size in bytes. */
  readonly size: number;
  /** Plaintext bytes already uploaded. */
  readonly uploadedBytes: number;
}

/** The stored record of one upload. */
interface UploadRecord {
  readonly state: UploadState;
  readonly name: string;
  readonly mime: string;
}

const recordKey = (roomId: string, uploadId: string) => `upload:${roomId}:${uploadId}`;

/** A room's interrupted uploads in the sealed store. */
export class UploadStore {
  /** @param store - the client's store. @param roomId - the room. */
  constructor(
    private readonly store: Store,
    private readonly roomId: string,
  ) {}

  /** The stored state of an upload, if any. */
  async get(uploadId: string): Promise<{ state: UploadState; name: string; mime: string } | undefined> {
    const r = await this.store.kv.get(recordKey(this.roomId, uploadId));
    return r && typeof r === 'object' && 'state' in r ? (r as unknown as UploadRecord) : undefined;
  }

  /** Saves an upload's progress (and lists it) in one transaction. */
  async save(uploadId: string, record: UploadRecord): Promise<void> {
    await this.store.transaction(async (tx) => {
      const ids = ((await tx.kv.get<string[]>(roomUploadsKey(this.roomId))) ?? []).filter(
        (x) => x !== uploadId,
      );
      await tx.kv.set(roomUploadsKey(this.roomId), [...ids, uploadId]);
      await tx.kv.set(recordKey(this.roomId, uploadId), record as never);
    });
  }

  /** Forgets an upload (sent, or refused for good). */
  async delete(uploadId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const ids = (await tx.kv.get<string[]>(roomUploadsKey(this.roomId))) ?? [];
      if (ids.includes(uploadId))
        await tx.kv.set(
          roomUploadsKey(this.roomId),
          ids.filter((x) => x !== uploadId),
        );
      await tx.kv.delete(recordKey(this.roomId, uploadId));
    });
  }

  /** Every interrupted upload of the room, oldest first. */
  async list(): Promise<PendingUpload[]> {
    const ids = (await this.store.kv.get<string[]>(roomUploadsKey(this.roomId))) ?? [];
    const out: PendingUpload[] = [];
    for (const uploadId of ids) {
      const r = await this.get(uploadId);
      if (!r) continue;
      const { state } = r;
      const uploadedBytes = Math.min(state.size, state.uploaded * state.segmentChunks * state.chunkSize);
      out.push({ uploadId, name: r.name, mime: r.mime, size: state.size, uploadedBytes });
    }
    return out;
  }

  /** Forgets every upload of the room (the room is dropped). */
  async clear(): Promise<void> {
    for (const uploadId of (await this.store.kv.get<string[]>(roomUploadsKey(this.roomId))) ?? [])
      await this.delete(uploadId);
  }
}
