import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A blob id: the SHA-256 of its (encrypted) bytes in base64url, 43 characters. */
export const BLOB_ID_RE = /^[A-Za-z0-9_-]{43}$/;

/** Why an upload failed. */
export type BlobPutError = 'too-large' | 'quota' | 'hash-mismatch' | 'aborted';

/** Limits of the blob store. */
export interface BlobLimits {
  maxBlobBytes: number;
  quotaBytes: number;
  ttlMs: number;
}

/**
 * Encrypted attachments on disk, addressed by content hash. Uploads stream to a temp file while hashing and
 * become visible only if the hash matches the id; downloads stream with byte ranges. Every blob expires
 * `ttlMs` after upload; the total size is capped.
 */
export class BlobStore {
  private readonly tmp: string;
  private used = 0;

  /**
   * @param dir - a directory for blobs (shared by every node of a cluster, e.g. a volume).
   * @param limits - sizes and lifetime.
   */
  constructor(
    private readonly dir: string,
    private readonly limits: BlobLimits,
  ) {
    this.tmp = join(dir, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp, { recursive: true });
    for (const f of readdirSync(dir)) {
      if (BLOB_ID_RE.test(f)) this.used += statSync(join(dir, f)).size;
    }
  }

  /**
   * Streams an upload; the result is stored only if its SHA-256 equals `id`.
   * @param declared - the Content-Length, if the client sent one.
   */
  async put(id: string, body: Readable, declared: number | undefined): Promise<'stored' | BlobPutError> {
    const max = this.limits.maxBlobBytes;
    if (declared !== undefined && declared > max) return 'too-large';
    if (this.used + (declared ?? 0) > this.limits.quotaBytes) return 'quota';
    const tmp = join(this.tmp, randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    let failure: BlobPutError | undefined;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        failure = 'too-large';
        body.destroy();
      } else if (this.used + size > this.limits.quotaBytes) {
        failure = 'quota';
        body.destroy();
      } else hash.update(chunk);
    });
    try {
      await pipeline(body, createWriteStream(tmp));
    } catch {
      await rm(tmp, { force: true });
      return failure ?? 'aborted';
    }
    if (failure || hash.digest('base64url') !== id) {
      await rm(tmp, { force: true });
      return failure ?? 'hash-mismatch';
    }
    const target = join(this.dir, id);
    const existed = await stat(target).then(
      (s) => s.size,
      () => 0,
    );
    await rename(tmp, target);
    const t = new Date();
    await utimes(target, t, t);
    this.used += size - existed;
    return 'stored';
  }

  /** Size of a live blob, or undefined when absent or expired. */
  async size(id: string, now: number): Promise<number | undefined> {
    try {
      const s = await stat(join(this.dir, id));
      if (s.mtimeMs + this.limits.ttlMs <= now) return undefined;
      return s.size;
    } catch {
      return undefined;
    }
  }

  /** A stream of bytes `start..end` (inclusive) of a blob. */
  read(id: string, start: number, end: number): Readable {
    return createReadStream(join(this.dir, id), { start, end });
  }

  /** Deletes expired blobs. */
  async sweep(now: number): Promise<void> {
    for (const f of readdirSync(this.dir)) {
      if (!BLOB_ID_RE.test(f)) continue;
      const p = join(this.dir, f);
      try {
        const s = statSync(p);
        if (s.mtimeMs + this.limits.ttlMs <= now) {
          await unlink(p);
          this.used -= s.size;
        }
      } catch {
        // raced with another sweep
      }
    }
  }
}
