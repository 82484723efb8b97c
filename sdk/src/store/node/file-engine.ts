/**
 * A file-backed {@link StorageEngine} for Node (bots, servers): the state lives in memory and every committed
 * transaction is appended to a log as one frame, made durable with `fdatasync` before the transaction's
 * promise resolves (concurrent transactions share one sync: group commit). When the log grows past both
 * {@link STORE_COMPACT_MIN_BYTES} and twice the live data, it is rewritten to a temporary file, synced and
 * renamed over the old one. No native modules.
 *
 * Files in `dir` (created 0700, files 0600):
 * - `meta.json`: the plaintext {@link StoreMeta} (schema version, wrapped database key), replaced atomically
 *   (write temp, fsync, rename, fsync dir).
 * - `store.log`: frames `u32be length || u32be crc32(payload) || payload`, the payload the ops of one
 *   transaction (binary since version 1 of `log-frame.ts`; older logs' JSON payloads are still read) whose rows
 *   hold only sealed bodies, blind indexes and numbers. A torn or corrupt tail (crash during append) is
 *   cut off at open; everything before it is intact because frames are appended in commit order.
 * - `LOCK`: the pid of the process that has the store open.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { StoreMeta } from '../engine.js';
import { TABLE_NAMES } from '../engine.js';
import { StoreError } from '../errors.js';
import { STORE_COMPACT_MIN_BYTES, STORE_MAX_LOG_FRAME_BYTES } from '../limits.js';
import { createMemoryEngineData, type EngineOp, MemoryEngine } from '../memory-engine.js';
import { decodeLogPayload, encodeLogPayload } from './log-frame.js';

/** When a commit counts as done. */
export type Durability = 'fsync' | 'none';

/** Options of {@link FileEngine.open}. */
export interface FileEngineOptions {
  /** The store's folder (created if missing). */
  readonly dir: string;
  /** `fsync`: a transaction resolves once on disk; `none`: once written to the OS (faster, may lose the tail on power loss). @default 'fsync' */
  readonly durability?: Durability;
  /** Compact when the log exceeds this many bytes and twice the live data. @default STORE_COMPACT_MIN_BYTES */
  readonly compactMinBytes?: number;
}

const LOG = 'store.log';
const META = 'meta.json';
const LOCK = 'LOCK';
const HEADER = 8;

/** A frame: `u32be length ‖ u32be crc32(payload) ‖ payload` (the payload's forms: `log-frame.ts`). */
function encodeFrame(ops: readonly EngineOp[]): Buffer {
  const frame = encodeLogPayload(ops, HEADER);
  frame.writeUInt32BE(frame.length - HEADER, 0);
  frame.writeUInt32BE(crc32(frame.subarray(HEADER)), 4);
  return frame;
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw StoreError.unavailable('the store folder', e);
      const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) throw StoreError.locked();
      await rm(path, { force: true }); // stale lock of a dead process
    }
  }
  throw StoreError.locked();
}

/**
 * The file engine. Open with {@link FileEngine.open}; one process at a time (a `LOCK` file enforces it).
 */
export class FileEngine extends MemoryEngine {
  override readonly kind = 'node-file';
  readonly #dir: string;
  readonly #durability: Durability;
  readonly #compactMin: number;
  #fh: FileHandle;
  #logBytes: number;
  #pending: Array<{ frame: Buffer; done: () => void; fail: (e: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;
  #failed: unknown;
  #nextCheck = 0;
  #closed = false;

  private constructor(dir: string, fh: FileHandle, logBytes: number, options: FileEngineOptions) {
    super(createMemoryEngineData());
    this.#dir = dir;
    this.#fh = fh;
    this.#logBytes = logBytes;
    this.#durability = options.durability ?? 'fsync';
    this.#compactMin = options.compactMinBytes ?? STORE_COMPACT_MIN_BYTES;
  }

  /**
   * Opens (or creates) the folder, takes the lock, reads the metadata and replays the log. A torn tail is cut off.
   *
   * @throws StoreError STORE_LOCKED, STORE_UNAVAILABLE, STORE_CORRUPT (unreadable metadata).
   */
  static async open(options: FileEngineOptions): Promise<FileEngine> {
    const dir = options.dir;
    await mkdir(dir, { recursive: true, mode: 0o700 }).catch((e) => {
      throw StoreError.unavailable('the store folder', e);
    });
    await takeLock(dir);
    try {
      let meta: StoreMeta | undefined;
      try {
        meta = JSON.parse(await readFile(join(dir, META), 'utf8')) as StoreMeta;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw StoreError.corrupt('store metadata', e);
      }
      const logPath = join(dir, LOG);
      const bytes = await readFile(logPath).catch((e) => {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
        throw StoreError.unavailable('the store log', e);
      });
      const frames: EngineOp[][] = [];
      let pos = 0;
      while (pos + HEADER <= bytes.length) {
        const len = bytes.readUInt32BE(pos);
        const end = pos + HEADER + len;
        // An incomplete last frame, or a bad checksum on the last frame, is a torn append: cut it off.
        if (len > STORE_MAX_LOG_FRAME_BYTES || end > bytes.length) break;
        const payload = bytes.subarray(pos + HEADER, end);
        if (crc32(payload) !== bytes.readUInt32BE(pos + 4)) {
          if (end === bytes.length) break;
          throw StoreError.corrupt('store log (bad checksum before the last frame)');
        }
        try {
          frames.push(decodeLogPayload(payload));
        } catch (e) {
          throw StoreError.corrupt('store log frame', e);
        }
        pos = end;
      }
      const fh = await open(logPath, 'a+', 0o600);
      if (pos < bytes.length) {
        await fh.truncate(pos);
        await fh.sync();
      }
      const engine = new FileEngine(dir, fh, pos, options);
      engine.data.meta = meta;
      for (const ops of frames) engine.applyOps(ops);
      return engine;
    } catch (e) {
      await rm(join(dir, LOCK), { force: true });
      throw e instanceof StoreError ? e : StoreError.unavailable('the store folder', e);
    }
  }

  override async writeMeta(meta: StoreMeta): Promise<void> {
    const tmp = join(this.#dir, `${META}.tmp`);
    const fh = await open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(meta));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.#dir, META));
    syncDir(this.#dir);
    this.data.meta = meta;
  }

  protected override onCommit(ops: readonly EngineOp[]): Promise<void> {
    if (this.#failed) throw StoreError.unavailable('the store log', this.#failed);
    const frame = encodeFrame(ops);
    return new Promise<void>((done, fail) => {
      this.#pending.push({ frame, done, fail });
      if (!this.#flushing) this.#flushing = this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        const buf =
          batch.length === 1
            ? (batch[0] as { frame: Buffer }).frame
            : Buffer.concat(batch.map((b) => b.frame));
        await this.#fh.write(buf);
        if (this.#durability === 'fsync') await this.#fh.datasync();
        this.#logBytes += buf.length;
        for (const b of batch) b.done();
      } catch (e) {
        // The in-memory state is ahead of the disk now: refuse every later write (as databases do on fsync errors).
        this.#failed = e;
        for (const b of [...batch, ...this.#pending]) b.fail(StoreError.unavailable('the store log', e));
        this.#pending = [];
      }
    }
    this.#flushing = undefined;
    if (!this.#closed && !this.#failed && this.#shouldCompact()) {
      this.compact().catch(() => {});
    }
  }

  #liveBytes(): number {
    let n = 0;
    for (const t of this.data.tables.values()) for (const row of t.values()) n += row.body.length * 1.4 + 120;
    return n;
  }

  #shouldCompact(): boolean {
    // Measuring live data walks every row, so after a "no" wait until the log has grown by a quarter.
    if (this.#logBytes <= this.#compactMin || this.#logBytes < this.#nextCheck) return false;
    if (this.#logBytes > 2 * this.#liveBytes()) return true;
    this.#nextCheck = this.#logBytes * 1.25;
    return false;
  }

  /** Size of the log in bytes. */
  get logBytes(): number {
    return this.#logBytes;
  }

  /** Rewrites the log to hold only live rows (temp file, fsync, rename, fsync dir). */
  async compact(): Promise<void> {
    await this.run('r', async () => {
      while (this.#flushing) await this.#flushing;
      const tmpPath = join(this.#dir, `${LOG}.tmp`);
      const tmp = await open(tmpPath, 'w', 0o600);
      let bytes = 0;
      try {
        for (const table of TABLE_NAMES) {
          const rows = [...(this.data.tables.get(table)?.values() ?? [])];
          for (let i = 0; i < rows.length; i += 1000) {
            const frame = encodeFrame(
              rows.slice(i, i + 1000).map((row) => ({ op: 'put' as const, table, row })),
            );
            await tmp.write(frame);
            bytes += frame.length;
          }
        }
        await tmp.sync();
      } finally {
        await tmp.close();
      }
      await rename(tmpPath, join(this.#dir, LOG));
      syncDir(this.#dir);
      await this.#fh.close();
      this.#fh = await open(join(this.#dir, LOG), 'a+', 0o600);
      this.#logBytes = bytes;
      this.#nextCheck = 0;
    });
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    await super.close();
    while (this.#flushing) await this.#flushing;
    this.#closed = true;
    await this.#fh.close().catch(() => {});
    await rm(join(this.#dir, LOCK), { force: true });
  }
}
