import { Redis } from 'ioredis';
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
import { ADVANCE_MAILBOX_LUA, APPEND_LUA, OPEN_ROOM_LUA, TAKE_BUNDLE_LUA } from './scripts.js';

const k = (room: string, part: string) => `ct:{${room}}:${part}`;
/** The sorted set of disappearing messages (`offset|room` by expiry) that {@link RedisStore.sweep} erases. */
const EXP_KEY = 'ct:exp';
/** Most disappearing messages one sweep erases (the rest wait for the next sweep, still never delivered). */
const SWEEP_BATCH = 1000;

/**
 * The Redis engine (Redis ≥ 7), for many relay nodes: a Stream per room for history and recovery, pub/sub
 * for live fan-out between nodes, hashes with expiry for dedupe and mailboxes. Nodes never talk to each other;
 * they only share Redis. An append resolves once Redis has applied it (run Redis with AOF `appendfsync
 * everysec` or `always` for durability across Redis restarts).
 */
export class RedisStore implements RelayStore {
  readonly kind = 'redis' as const;
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private readonly limits: StoreLimits;
  private readonly listeners = new Map<string, Set<(e: RoomEvent) => void>>();
  private readonly pendingSubs = new Map<string, Promise<void>>();
  private closed = false;

  /**
   * @param url - `redis://host:port/db`.
   * @param limits - retention and bounds.
   */
  constructor(url: string, limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
    const opts = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;
    this.cmd = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    this.cmd.on('error', () => {});
    this.sub.on('error', () => {});
    this.cmd.defineCommand('ctAppend', { numberOfKeys: 3, lua: APPEND_LUA });
    this.cmd.defineCommand('ctOpenRoom', { numberOfKeys: 4, lua: OPEN_ROOM_LUA });
    this.cmd.defineCommand('ctAdvanceMailbox', { numberOfKeys: 2, lua: ADVANCE_MAILBOX_LUA });
    this.cmd.defineCommand('ctTakeBundle', { numberOfKeys: 2, lua: TAKE_BUNDLE_LUA });
    this.sub.on('message', (channel: string, payload: string) => this.onMessage(channel, payload));
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw StoreError.closed();
    try {
      return await fn();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw StoreError.unavailable('redis', err);
    }
  }

  private call(name: string, ...args: (string | number)[]): Promise<unknown> {
    return (this.cmd as unknown as Record<string, (...a: (string | number)[]) => Promise<unknown>>)[name]!(
      ...args,
    );
  }

  private static info(flat: string[]): RoomInfo {
    const h: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
    if (h.epoch === undefined || h.next === undefined) throw StoreError.corrupt('redis');
    const info: RoomInfo = {
      epoch: h.epoch,
      next: Number(h.next),
      first: Math.min(Number(h.first ?? 0), Number(h.next)),
      mlsEpoch: Number(h.mls ?? 0),
      expiresAt: 0,
    };
    if (h.owner) info.owner = h.owner;
    return info;
  }

  openRoom(room: string, ttlMs: number, owner: string | undefined, now: number) {
    return this.run(async () => {
      const flat = (await this.call(
        'ctOpenRoom',
        k(room, 'meta'),
        k(room, 'log'),
        k(room, 'dd'),
        k(room, 'mb'),
        newStreamEpoch(),
        owner ?? '',
        ttlMs,
      )) as string[];
      const info = RedisStore.info(flat);
      info.expiresAt = now + Number(flat[flat.indexOf('ttl') + 1] ?? ttlMs);
      return info;
    });
  }

  roomInfo(room: string, now: number): Promise<RoomInfo | undefined> {
    return this.run(async () => {
      const [flat, pttl] = await Promise.all([
        this.cmd.hgetall(k(room, 'meta')),
        this.cmd.pttl(k(room, 'meta')),
      ]);
      if (!flat.epoch) return undefined;
      const info = RedisStore.info(Object.entries(flat).flat());
      info.expiresAt = now + Math.max(0, pttl);
      return info;
    });
  }

  destroyRoom(room: string): Promise<void> {
    return this.run(async () => {
      await this.cmd
        .multi()
        .del(k(room, 'meta'), k(room, 'log'), k(room, 'dd'), k(room, 'mb'))
        .publish(k(room, 'ch'), 'd')
        .exec();
    });
  }

  append(room: string, msg: NewMessage, now: number): Promise<AppendResult> {
    return this.run(async () => {
      const r = (await this.call(
        'ctAppend',
        k(room, 'meta'),
        k(room, 'log'),
        k(room, 'dd'),
        msg.msgId,
        msg.epoch,
        msg.ct,
        msg.hs ? '1' : '0',
        now,
        this.limits.dedupeWindowMs,
        this.limits.historyMax,
        k(room, 'ch'),
        msg.exp === undefined ? '' : String(msg.exp),
      )) as string[];
      switch (r[0]) {
        case 'stored': {
          const message: StoredMessage = { offset: Number(r[1]), ...msg, at: now };
          if (msg.exp === undefined) delete message.exp;
          // Indexed for the sweep after the append: a crash in between leaves a message that is still never
          // delivered after `exp` (range carries it) and goes when the room expires.
          else await this.cmd.zadd(EXP_KEY, msg.exp, `${message.offset}|${room}`);
          return { kind: 'stored', message };
        }
        case 'duplicate':
          return { kind: 'duplicate', offset: Number(r[1]) };
        case 'stale':
          return { kind: 'stale-epoch', mlsEpoch: Number(r[1]) };
        default:
          return { kind: 'no-room' };
      }
    });
  }

  range(room: string, from: number, limit: number): Promise<StoredMessage[]> {
    return this.run(async () => {
      const entries = await this.cmd.xrange(k(room, 'log'), `0-${from + 1}`, '+', 'COUNT', limit);
      return entries.map(([id, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
        const m: StoredMessage = {
          offset: Number(id.slice(2)) - 1,
          msgId: f.m ?? '',
          epoch: Number(f.e),
          ct: f.c ?? '',
          hs: f.h === '1',
          at: Number(f.a),
        };
        if (f.x !== undefined) m.exp = Number(f.x);
        return m;
      });
    });
  }

  mailboxCursor(room: string, member: string, now: number): Promise<number | undefined> {
    return this.run(async () => {
      const v = await this.cmd.hget(k(room, 'mb'), member);
      if (!v) return undefined;
      const [cursor, expires] = v.split(':').map(Number);
      if (expires === undefined || expires <= now) return undefined;
      return cursor;
    });
  }

  advanceMailbox(room: string, member: string, offset: number, now: number): Promise<void> {
    return this.run(async () => {
      await this.call(
        'ctAdvanceMailbox',
        k(room, 'mb'),
        k(room, 'meta'),
        member,
        offset,
        now,
        this.limits.mailboxTtlMs,
        this.limits.maxMailboxesPerRoom,
      );
    });
  }

  async mailboxSize(room: string, member: string, now: number): Promise<number> {
    const cursor = await this.mailboxCursor(room, member, now);
    if (cursor === undefined) return 0;
    const all = await this.range(room, cursor, this.limits.historyMax);
    return all.filter((m) => m.at > now - this.limits.mailboxTtlMs && !(m.exp !== undefined && m.exp <= now))
      .length;
  }

  signal(room: string, data: string, from: string, now: number): Promise<void> {
    return this.run(async () => {
      await this.cmd.publish(k(room, 'ch'), `s|${now}|${from}|${data}`);
    });
  }

  async subscribe(room: string, listener: (event: RoomEvent) => void): Promise<Unsubscribe> {
    if (this.closed) throw StoreError.closed();
    const channel = k(room, 'ch');
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      this.pendingSubs.set(
        channel,
        this.sub.subscribe(channel).then(
          () => {},
          () => {},
        ),
      );
    }
    set.add(listener);
    try {
      await this.pendingSubs.get(channel);
    } catch (err) {
      throw StoreError.unavailable('redis', err);
    }
    return () => {
      const s = this.listeners.get(channel);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) {
        this.listeners.delete(channel);
        this.pendingSubs.delete(channel);
        if (!this.closed) this.sub.unsubscribe(channel).catch(() => {});
      }
    };
  }

  private onMessage(channel: string, payload: string): void {
    const set = this.listeners.get(channel);
    if (!set) return;
    const event = parseEvent(payload);
    if (!event) return;
    for (const l of [...set]) {
      try {
        l(event);
      } catch {
        // a listener's failure is its own connection's problem
      }
    }
  }

  putKeys(owner: string, keys: { bundle?: string; otks?: string[]; kps?: string[] }) {
    return this.run(async () => {
      const m = this.cmd.multi();
      if (keys.bundle !== undefined) m.set(`ct:keys:${owner}:bundle`, keys.bundle);
      const max = this.limits.maxKeysPerOwner;
      for (const [kind, items] of [
        ['otks', keys.otks],
        ['kps', keys.kps],
      ] as const) {
        const key = `ct:keys:${owner}:${kind}`;
        if (items?.length) m.rpush(key, ...items).ltrim(key, -max, -1);
      }
      m.llen(`ct:keys:${owner}:otks`).llen(`ct:keys:${owner}:kps`);
      const res = (await m.exec()) ?? [];
      const [otks, kps] = res.slice(-2).map(([, v]) => Number(v));
      return { otks: otks ?? 0, kps: kps ?? 0 };
    });
  }

  takePrekeyBundle(owner: string): Promise<PrekeyBundle | undefined> {
    return this.run(async () => {
      const r = (await this.call(
        'ctTakeBundle',
        `ct:keys:${owner}:bundle`,
        `ct:keys:${owner}:otks`,
      )) as string[];
      if (!r[0]) return undefined;
      return r[1] === undefined ? { bundle: r[0] } : { bundle: r[0], otk: r[1] };
    });
  }

  takeKeyPackage(owner: string): Promise<string | undefined> {
    return this.run(async () => (await this.cmd.lpop(`ct:keys:${owner}:kps`)) ?? undefined);
  }

  sweep(now: number): Promise<void> {
    // Redis expires rooms itself (PEXPIRE on every key); streams are capped by MAXLEN at append. Old
    // dedupe entries and mailboxes inside a live room are ignored by the scripts once past their time.
    // Disappearing messages are erased here, by whichever node sweeps first (XDEL and ZREM are idempotent).
    return this.run(async () => {
      const due = await this.cmd.zrangebyscore(EXP_KEY, '-inf', now, 'LIMIT', 0, SWEEP_BATCH);
      if (due.length === 0) return;
      const batch = this.cmd.pipeline();
      for (const item of due) {
        const sep = item.indexOf('|');
        const offset = Number(item.slice(0, sep));
        batch.xdel(k(item.slice(sep + 1), 'log'), `0-${offset + 1}`);
      }
      batch.zrem(EXP_KEY, ...due);
      await batch.exec();
    });
  }

  async ready(): Promise<boolean> {
    if (this.closed) return false;
    try {
      return (await this.cmd.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await Promise.allSettled([this.cmd.quit(), this.sub.quit()]);
  }
}

function parseEvent(payload: string): RoomEvent | undefined {
  if (payload === 'd') return { kind: 'destroyed' };
  const parts = payload.split('|');
  if (parts[0] === 'm' && parts.length === 7) {
    return {
      kind: 'message',
      message: {
        offset: Number(parts[1]),
        msgId: parts[2]!,
        epoch: Number(parts[3]),
        hs: parts[4] === '1',
        at: Number(parts[5]),
        ct: parts[6]!,
      },
    };
  }
  if (parts[0] === 's' && parts.length === 4) {
    return { kind: 'signal', at: Number(parts[1]), from: parts[2]!, data: parts[3]! };
  }
  return undefined;
}
