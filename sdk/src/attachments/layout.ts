import { CHUNK_OVERHEAD } from './chunk-cipher.js';

/**
 * The geometry of an encrypted file: how many chunks and segments, and where each chunk's ciphertext sits.
 * An empty file still has one (empty, final) chunk, so truncation to nothing is detected too.
 */
export class AttachmentLayout {
  /** Number of chunks (≥ 1). */
  readonly chunkCount: number;
  /** Number of segments (blobs). */
  readonly segmentCount: number;

  /**
   * @param size - plaintext bytes.
   * @param chunkSize - plaintext bytes per chunk.
   * @param segmentChunks - chunks per segment.
   */
  constructor(
    readonly size: number,
    readonly chunkSize: number,
    readonly segmentChunks: number,
  ) {
    this.chunkCount = Math.max(1, Math.ceil(size / chunkSize));
    this.segmentCount = Math.ceil(this.chunkCount / segmentChunks);
  }

  /** Plaintext length of chunk `i`. */
  chunkLength(i: number): number {
    return i < this.chunkCount - 1 ? this.chunkSize : this.size - (this.chunkCount - 1) * this.chunkSize;
  }

  /** Whether chunk `i` is the last. */
  isFinal(i: number): boolean {
    return i === this.chunkCount - 1;
  }

  /** First chunk of segment `s`. */
  firstChunk(s: number): number {
    return s * this.segmentChunks;
  }

  /** One past the last chunk of segment `s`. */
  endChunk(s: number): number {
    return Math.min(this.chunkCount, (s + 1) * this.segmentChunks);
  }

  /** Ciphertext bytes of segment `s`. */
  segmentBytes(s: number): number {
    let n = 0;
    for (let i = this.firstChunk(s); i < this.endChunk(s); i++) n += this.chunkLength(i) + CHUNK_OVERHEAD;
    return n;
  }

  /** Offset of chunk `i`'s ciphertext inside its segment. */
  offsetInSegment(i: number): number {
    return (i - this.firstChunk(Math.floor(i / this.segmentChunks))) * (this.chunkSize + CHUNK_OVERHEAD);
  }

  /** Plaintext bytes before chunk `i`. */
  plaintextBefore(i: number): number {
    return Math.min(this.size, i * this.chunkSize);
  }
}
