/**
 * Random-access plaintext sources. An upload reads one chunk at a time, and a resumed upload reads only from
 * where it stopped, so a 50 MB file is never held in memory twice.
 *
 * @module
 */

/** A file to upload: its size and a way to read any range of it. */
export interface AttachmentSource {
  /** Size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset` (the last read may be shorter only at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes in memory. */
export function bytesSource(bytes: Uint8Array): AttachmentSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

/** A source over a `Blob` or `File` (browsers, Workers, Node ≥ 20). */
export function blobSource(blob: Blob): AttachmentSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
