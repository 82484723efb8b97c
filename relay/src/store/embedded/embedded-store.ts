import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalFanout } from '../local-fanout.js';
import {
  type AppendResult,
  DEFAULT_STORE_LIMITS,
  type NewMessage,
  type PrekeyBundle,
  type RelayStore,
  type RoomEvent,
  type RoomInfo,
  type StoredMessage,
  type StoreLimits,
  type Unsubscribe,
} from '../store.js';
import { StoreError } from '../store-error.js';
import { newStreamEpoch } from '../stream-epoch.js';
import { migrations, SCHEMA, type StoreSync, syncPragma } from './schema.js';
import { openSqlite, type SqlDatabase, type SqlStatement } from './sqlite.js';

/** A write waiting for the next group commit: an append, or a mailbox cursor moving forward. */
type PendingWrite =
  | {
      kind: 'append';
      room: string;
      msg: NewMessage;
      now: number;
      resolve(r: AppendResult): void;
      reject(e: Error): void;
    }
  | {
      kind: 'mailbox';
      room: string;
      member: string;
      offset: number;
      now: number;
      resolve(r: undefined): void;
      reject(e: Error): void;
    };

/** Options of the {@link EmbeddedStore}. */
export interface EmbeddedStoreOptions {
  /** How far a COMMIT is synced before it counts (see {@link StoreSync}). @default 'full' */
  sync?: StoreSync;
}

/** Most appends committed in one transaction (group commit). */
const MAX_BATCH = 512;

/**
 * The embedded engine (the default): one SQLite file in the data directory. Appends and mailbox cursor moves are
 * group-committed: every one that arrives while a transaction is pending joins the next one (one COMMIT, one
 * fsync for all), and each promise resolves only after that COMMIT returned (WAL + `synchronous=FULL` by
 * default), so an acked message is on disk.
 */
export class EmbeddedStore implements RelayStore {
  readonly kind = 'embedded' as const;
  private readonly db: SqlDatabase;
  private readonly limits: StoreLimits;
  private readonly fanout = new LocalFanout();
  private queue: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly q: Record<string, SqlStatement>;

  /**
   * Opens or creates `relay.db` in `dataDir`.
   * @param dataDir - a directory this process may write.
   * @param limits - retention and expiry settings (defaults: {@link DEFAULT_STORE_LIMITS}).
   * @param options - how far a COMMIT is synced (`sync`, default `full`).
   */
  constructor(dataDir: string, limits: Partial<StoreLimits> = {}, options: EmbeddedStoreOptions = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
    mkdirSync(dataDir, { recursive: true });
    this.db = openSqlite(join(dataDir, 'relay.db'));
    this.db.exec(SCHEMA);
    this.db.exec(syncPragma(options.sync ?? 'full'));
    const hasColumn = (table: string, column: string) =>
      this.db.prepare('SELECT COUNT(*) AS n FROM pragma_table_info(?) WHERE name = ?').get(table, column)
        ?.n === 1;
    for (const sql of migrations(hasColumn)) this.db.exec(sql);
    const p = (sql: string) => this.db.prepare(sql);
    this.q = {
      room: p('SELECT epoch, next, first, mls, owner, ttl, expires FROM rooms WHERE room = ?'),
      roomCount: p('SELECT COUNT(*) AS n FROM rooms'),
      insertRoom: p(
        'INSERT INTO rooms (room, epoch, next, first, mls, owner, ttl, expires) VALUES (?, ?, 0, 0, 0, ?, ?, ?)',
      ),
      touchRoom: p('UPDATE rooms SET expires = ? WHERE room = ?'),
      deleteRoom: p('DELETE FROM rooms WHERE room = ?'),
      deleteRoomMessages: p('DELETE FROM messages WHERE room = ?'),
      deleteRoomDedupe: p('DELETE FROM dedupe WHERE room = ?'),
      deleteRoomMailboxes: p('DELETE FROM mailboxes WHERE room = ?'),
      dedupe: p('SELECT off, at FROM dedupe WHERE room = ? AND msg_id = ?'),
      insertDedupe: p('INSERT OR REPLACE INTO dedupe (room, msg_id, off, at) VALUES (?, ?, ?, ?)'),
      insertMessage: p(
        'INSERT INTO messages (room, off, msg_id, epoch, ct, hs, at, exp) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      advanceRoom: p('UPDATE rooms SET next = ?, first = ?, mls = ?, expires = ? WHERE room = ?'),
      trim: p('DELETE FROM messages WHERE room = ? AND off < ?'),
      range: p(
        'SELECT off, msg_id, epoch, ct, hs, at, exp FROM messages WHERE room = ? AND off >= ? ORDER BY off LIMIT ?',
      ),
      mailbox: p('SELECT cursor, expires FROM mailboxes WHERE room = ? AND member = ?'),
      upsertMailbox: p(
        'INSERT OR REPLACE INTO mailboxes (room, member, cursor, expires) VALUES (?, ?, ?, ?)',
      ),
      mailboxCount: p('SELECT COUNT(*) AS n FROM mailboxes WHERE room = ?'),
      mailboxOldest: p(
        'DELETE FROM mailboxes WHERE room = ? AND member IN (SELECT member FROM mailboxes WHERE room = ? ORDER BY expires LIMIT 1)',
      ),
      mailboxSize: p(
        'SELECT COUNT(*) AS n FROM messages WHERE room = ? AND off >= ? AND at > ? AND (exp IS NULL OR exp > ?)',
      ),
      putBundle: p('INSERT OR REPLACE INTO key_bundles (owner, bundle) VALUES (?, ?)'),
      getBundle: p('SELECT bundle FROM key_bundles WHERE owner = ?'),
      putItem: p('INSERT INTO key_items (owner, kind, item) VALUES (?, ?, ?)'),
      countItems: p('SELECT COUNT(*) AS n FROM key_items WHERE owner = ? AND kind = ?'),
      firstItem: p('SELECT seq, item FROM key_items WHERE owner = ? AND kind = ? ORDER BY seq LIMIT 1'),
      deleteItem: p('DELETE FROM key_items WHERE seq = ?'),
      expiredRooms: p('SELECT room FROM rooms WHERE expires <= ? LIMIT 1000'),
      // History retention drops a prefix of each room's log, so `first` moves past it.
      advanceFirst: p(
        'UPDATE rooms SET first = MAX(first, (SELECT MAX(off) + 1 FROM messages WHERE messages.room = rooms.room AND at <= ?)) WHERE EXISTS (SELECT 1 FROM messages WHERE messages.room = rooms.room AND at <= ?)',
      ),
      expireMessages: p('DELETE FROM messages WHERE at <= ?'),
      // Disappearing messages are erased wherever they sit; `first` stays, so resume points stay valid.
      eraseDisappeared: p('DELETE FROM messages WHERE exp IS NOT NULL AND exp <= ?'),
      expireDedupe: p('DELETE FROM dedupe WHERE at <= ?'),
      expireMailboxes: p('DELETE FROM mailboxes WHERE expires <= ?'),
    };
  }

  /** How far a COMMIT is synced, as SQLite reports it (`PRAGMA synchronous`: 1 NORMAL, 2 FULL). */
  get sync(): StoreSync {
    return this.db.prepare('PRAGMA synchronous').get()?.synchronous === 1 ? 'normal' : 'full';
  }

  /** Which SQLite driver is in use. */
  get driver(): SqlDatabase['driver'] {
    return this.db.driver;
  }

  private check(): void {
    if (this.closed) throw StoreError.closed();
  }

  private tx<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // already rolled back
      }
      throw err;
    }
  }

  private readRoom(room: string, now: number): (RoomInfo & { ttl: number }) | undefined {
    const r = this.q.room!.get(room);
    if (!r || (r.expires as number) <= now) return undefined;
    const info: RoomInfo & { ttl: number } = {
      epoch: r.epoch as string,
      next: r.next as number,
      first: r.first as number,
      mlsEpoch: r.mls as number,
      expiresAt: r.expires as number,
      ttl: r.ttl as number,
    };
    if (typeof r.owner === 'string') info.owner = r.owner;
    return info;
  }

  private destroyNow(room: string): void {
    this.q.deleteRoom!.run(room);
    this.q.deleteRoomMessages!.run(room);
    this.q.deleteRoomDedupe!.run(room);
    this.q.deleteRoomMailboxes!.run(room);
  }

  async openRoom(room: string, ttlMs: number, owner: string | undefined, now: number) {
    this.check();
    await this.flush();
    return this.tx(() => {
      const existing = this.readRoom(room, now);
      if (existing) {
        this.q.touchRoom!.run(now + existing.ttl, room);
        const { ttl: _ttl, ...info } = existing;
        return { ...info, expiresAt: now + existing.ttl };
      }
      // An expired room's leftovers go before it is created again.
      this.destroyNow(room);
      if (((this.q.roomCount!.get()?.n as number) ?? 0) >= this.limits.maxRooms) return 'full' as const;
      const epoch = newStreamEpoch();
      this.q.insertRoom!.run(room, epoch, owner ?? null, ttlMs, now + ttlMs);
      const info: RoomInfo = { epoch, next: 0, first: 0, mlsEpoch: 0, expiresAt: now + ttlMs };
      if (owner !== undefined) info.owner = owner;
      return info;
    });
  }

  async roomInfo(room: string, now: number): Promise<RoomInfo | undefined> {
    this.check();
    const r = this.readRoom(room, now);
    if (!r) return undefined;
    const { ttl: _ttl, ...info } = r;
    return info;
  }

  async destroyRoom(room: string): Promise<void> {
    this.check();
    await this.flush();
    this.tx(() => this.destroyNow(room));
    this.fanout.emit(room, { kind: 'destroyed' });
  }

  append(room: string, msg: NewMessage, now: number): Promise<AppendResult> {
    this.check();
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'append', room, msg, now, resolve, reject });
    });
  }

  /** Queues a write for the next group commit (at once when the batch is full, else on the next turn). */
  private enqueue(w: PendingWrite): void {
    this.queue.push(w);
    if (this.queue.length >= MAX_BATCH) {
      void this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  /**
   * Commits every queued append and mailbox move in one transaction, in arrival order, then resolves them and
   * fans the messages out.
   */
  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let results: (AppendResult | undefined)[];
    try {
      results = this.tx(() => {
        const rooms = new Map<string, (RoomInfo & { ttl: number }) | undefined>();
        /** Rooms that got appends: their bookkeeping is written back at the end. */
        const appended = new Set<string>();
        const roomOf = (room: string, now: number) => {
          if (!rooms.has(room)) rooms.set(room, this.readRoom(room, now));
          return rooms.get(room);
        };
        const out = batch.map((p) => {
          const r = roomOf(p.room, p.now);
          if (p.kind === 'mailbox') {
            if (r) this.moveMailbox(p.room, p.member, Math.min(p.offset, r.next), p.now);
            return undefined;
          }
          if (!r) return { kind: 'no-room' } as const;
          appended.add(p.room);
          const dup = this.q.dedupe!.get(p.room, p.msg.msgId);
          if (dup && (dup.at as number) > p.now - this.limits.dedupeWindowMs) {
            return { kind: 'duplicate', offset: dup.off as number } as const;
          }
          if (p.msg.hs) {
            if (p.msg.epoch !== r.mlsEpoch) return { kind: 'stale-epoch', mlsEpoch: r.mlsEpoch } as const;
            r.mlsEpoch++;
          }
          const message: StoredMessage = { offset: r.next++, ...p.msg, at: p.now };
          if (message.exp === undefined) delete message.exp;
          this.q.insertMessage!.run(
            p.room,
            message.offset,
            message.msgId,
            message.epoch,
            message.ct,
            message.hs ? 1 : 0,
            message.at,
            message.exp ?? null,
          );
          this.q.insertDedupe!.run(p.room, message.msgId, message.offset, p.now);
          r.expiresAt = p.now + r.ttl;
          return { kind: 'stored', message } as const;
        });
        for (const room of appended) {
          const r = rooms.get(room);
          if (!r) continue;
          const first = Math.max(r.first, r.next - this.limits.historyMax);
          if (first > r.first) this.q.trim!.run(room, first);
          r.first = first;
          this.q.advanceRoom!.run(r.next, first, r.mlsEpoch, r.expiresAt, room);
        }
        return out;
      });
    } catch (err) {
      const e = StoreError.unavailable('embedded', err);
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      if (p.kind === 'mailbox') {
        p.resolve(undefined);
        return;
      }
      const r = results[i] as AppendResult;
      if (r.kind === 'stored') this.fanout.emit(p.room, { kind: 'message', message: r.message });
      p.resolve(r);
    });
  }

  async range(room: string, from: number, limit: number): Promise<StoredMessage[]> {
    this.check();
    return this.q.range!.all(room, from, limit).map((r) => {
      const m: StoredMessage = {
        offset: r.off as number,
        msgId: r.msg_id as string,
        epoch: r.epoch as number,
        ct: r.ct as string,
        hs: r.hs === 1,
        at: r.at as number,
      };
      if (typeof r.exp === 'number') m.exp = r.exp;
      return m;
    });
  }

  async mailboxCursor(room: string, member: string, now: number): Promise<number | undefined> {
    this.check();
    const m = this.q.mailbox!.get(room, member);
    if (!m || (m.expires as number) <= now) return undefined;
    return m.cursor as number;
  }

  /**
   * Moves a member's mailbox cursor in the next group commit, together with the appends queued around it (a
   * receipt costs no COMMIT of its own). Resolves once committed.
   */
  advanceMailbox(room: string, member: string, offset: number, now: number): Promise<void> {
    this.check();
    return new Promise((resolve, reject) => {
      this.enqueue({ kind: 'mailbox', room, member, offset, now, resolve, reject });
    });
  }

  /** Inside a transaction: the cursor moves to `offset` (never back), evicting the oldest mailbox if full. */
  private moveMailbox(room: string, member: string, offset: number, now: number): void {
    const m = this.q.mailbox!.get(room, member);
    const old = m && (m.expires as number) > now ? (m.cursor as number) : 0;
    if (!m && ((this.q.mailboxCount!.get(room)?.n as number) ?? 0) >= this.limits.maxMailboxesPerRoom) {
      this.q.mailboxOldest!.run(room, room);
    }
    this.q.upsertMailbox!.run(room, member, Math.max(old, offset), now + this.limits.mailboxTtlMs);
  }

  async mailboxSize(room: string, member: string, now: number): Promise<number> {
    const cursor = await this.mailboxCursor(room, member, now);
    if (cursor === undefined) return 0;
    return (this.q.mailboxSize!.get(room, cursor, now - this.limits.mailboxTtlMs, now)?.n as number) ?? 0;
  }

  async signal(room: string, data: string, from: string, now: number): Promise<void> {
    this.check();
    this.fanout.emit(room, { kind: 'signal', data, at: now, from });
  }

  async subscribe(room: string, listener: (event: RoomEvent) => void): Promise<Unsubscribe> {
    return this.fanout.subscribe(room, listener);
  }

  async putKeys(owner: string, keys: { bundle?: string; otks?: string[]; kps?: string[] }) {
    this.check();
    return this.tx(() => {
      if (keys.bundle !== undefined) this.q.putBundle!.run(owner, keys.bundle);
      const counts = { otks: 0, kps: 0 };
      for (const [kind, items] of [
        ['otks', keys.otks],
        ['kps', keys.kps],
      ] as const) {
        for (const item of items ?? []) this.q.putItem!.run(owner, kind, item);
        let n = (this.q.countItems!.get(owner, kind)?.n as number) ?? 0;
        while (n > this.limits.maxKeysPerOwner) {
          const first = this.q.firstItem!.get(owner, kind);
          if (!first) break;
          this.q.deleteItem!.run(first.seq);
          n--;
        }
        counts[kind] = n;
      }
      return counts;
    });
  }

  private takeItem(owner: string, kind: 'otks' | 'kps'): string | undefined {
    const first = this.q.firstItem!.get(owner, kind);
    if (!first) return undefined;
    this.q.deleteItem!.run(first.seq);
    return first.item as string;
  }

  async takePrekeyBundle(owner: string): Promise<PrekeyBundle | undefined> {
    this.check();
    return this.tx(() => {
      const b = this.q.getBundle!.get(owner);
      if (!b) return undefined;
      const otk = this.takeItem(owner, 'otks');
      return otk === undefined ? { bundle: b.bundle as string } : { bundle: b.bundle as string, otk };
    });
  }

  async takeKeyPackage(owner: string): Promise<string | undefined> {
    this.check();
    return this.tx(() => this.takeItem(owner, 'kps'));
  }

  async sweep(now: number): Promise<void> {
    this.check();
    await this.flush();
    this.tx(() => {
      for (const r of this.q.expiredRooms!.all(now)) this.destroyNow(r.room as string);
      const cutoff = now - this.limits.historyTtlMs;
      this.q.advanceFirst!.run(cutoff, cutoff);
      this.q.expireMessages!.run(cutoff);
      this.q.eraseDisappeared!.run(now);
      this.q.expireDedupe!.run(now - this.limits.dedupeWindowMs);
      this.q.expireMailboxes!.run(now);
    });
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    this.db.close();
  }
}
