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

interface MemoryRoom {
  info: RoomInfo;
  ttlMs: number;
  log: StoredMessage[];
  /** msgId → offset, in insertion (= time) order. */
  dedupe: Map<string, { offset: number; at: number }>;
  /** member → mailbox cursor, in least-recently-used order. */
  mailboxes: Map<string, { cursor: number; expiresAt: number }>;
}

interface OwnerKeys {
  bundle?: string;
  otks: string[];
  kps: string[];
}

/**
 * The in-memory engine: the reference implementation of {@link RelayStore}, for tests and for relays that may
 * forget everything on restart. Every map is bounded by {@link StoreLimits}.
 */
export class MemoryStore implements RelayStore {
  readonly kind = 'memory' as const;
  private readonly rooms = new Map<string, MemoryRoom>();
  private readonly keys = new Map<string, OwnerKeys>();
  private readonly fanout = new LocalFanout();
  private readonly limits: StoreLimits;
  private closed = false;

  /** @param limits - retention and bounds; defaults from {@link DEFAULT_STORE_LIMITS}. */
  constructor(limits: Partial<StoreLimits> = {}) {
    this.limits = { ...DEFAULT_STORE_LIMITS, ...limits };
  }

  private live(room: string, now: number): MemoryRoom | undefined {
    const r = this.rooms.get(room);
    if (r && r.info.expiresAt <= now) {
      this.rooms.delete(room);
      return undefined;
    }
    return r;
  }

  private check(): void {
    if (this.closed) throw StoreError.closed();
  }

  async openRoom(room: string, ttlMs: number, owner: string | undefined, now: number) {
    this.check();
    let r = this.live(room, now);
    if (!r) {
      if (this.rooms.size >= this.limits.maxRooms) {
        await this.sweep(now);
        if (this.rooms.size >= this.limits.maxRooms) return 'full' as const;
      }
      r = {
        info: { epoch: newStreamEpoch(), next: 0, first: 0, mlsEpoch: 0, expiresAt: now + ttlMs },
        ttlMs,
        log: [],
        dedupe: new Map(),
        mailboxes: new Map(),
      };
      if (owner !== undefined) r.info.owner = owner;
      this.rooms.set(room, r);
    }
    r.info.expiresAt = now + r.ttlMs;
    return { ...r.info };
  }

  async roomInfo(room: string, now: number): Promise<RoomInfo | undefined> {
    this.check();
    const r = this.live(room, now);
    return r ? { ...r.info } : undefined;
  }

  async destroyRoom(room: string): Promise<void> {
    this.check();
    if (this.rooms.delete(room)) this.fanout.emit(room, { kind: 'destroyed' });
  }

  async append(room: string, msg: NewMessage, now: number): Promise<AppendResult> {
    this.check();
    const r = this.live(room, now);
    if (!r) return { kind: 'no-room' };
    this.expireDedupe(r, now);
    const dup = r.dedupe.get(msg.msgId);
    if (dup) return { kind: 'duplicate', offset: dup.offset };
    if (msg.hs) {
      if (msg.epoch !== r.info.mlsEpoch) return { kind: 'stale-epoch', mlsEpoch: r.info.mlsEpoch };
      r.info.mlsEpoch++;
    }
    const message: StoredMessage = { offset: r.info.next++, ...msg, at: now };
    if (message.exp === undefined) delete message.exp;
    r.log.push(message);
    r.info.first = Math.max(r.info.first, r.info.next - this.limits.historyMax);
    while (r.log[0] && r.log[0].offset < r.info.first) r.log.shift();
    r.dedupe.set(msg.msgId, { offset: message.offset, at: now });
    while (r.dedupe.size > this.limits.historyMax) r.dedupe.delete(r.dedupe.keys().next().value as string);
    r.info.expiresAt = now + r.ttlMs;
    this.fanout.emit(room, { kind: 'message', message });
    return { kind: 'stored', message };
  }

  private expireDedupe(r: MemoryRoom, now: number): void {
    for (const [id, d] of r.dedupe) {
      if (d.at > now - this.limits.dedupeWindowMs) break;
      r.dedupe.delete(id);
    }
  }

  async range(room: string, from: number, limit: number): Promise<StoredMessage[]> {
    this.check();
    const r = this.rooms.get(room);
    if (!r || r.log.length === 0) return [];
    // Offsets ascend but may have gaps where disappearing messages were erased: binary search the start.
    let lo = 0;
    let hi = r.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((r.log[mid]?.offset ?? 0) < from) lo = mid + 1;
      else hi = mid;
    }
    return r.log.slice(lo, lo + limit);
  }

  async mailboxCursor(room: string, member: string, now: number): Promise<number | undefined> {
    this.check();
    const m = this.live(room, now)?.mailboxes.get(member);
    if (!m || m.expiresAt <= now) return undefined;
    return m.cursor;
  }

  async advanceMailbox(room: string, member: string, offset: number, now: number): Promise<void> {
    this.check();
    const r = this.live(room, now);
    if (!r) return;
    const m = r.mailboxes.get(member);
    const cursor = Math.max(m && m.expiresAt > now ? m.cursor : 0, Math.min(offset, r.info.next));
    r.mailboxes.delete(member);
    r.mailboxes.set(member, { cursor, expiresAt: now + this.limits.mailboxTtlMs });
    while (r.mailboxes.size > this.limits.maxMailboxesPerRoom) {
      r.mailboxes.delete(r.mailboxes.keys().next().value as string);
    }
  }

  async mailboxSize(room: string, member: string, now: number): Promise<number> {
    const cursor = await this.mailboxCursor(room, member, now);
    if (cursor === undefined) return 0;
    const r = this.rooms.get(room);
    if (!r) return 0;
    return r.log.filter(
      (m) =>
        m.offset >= cursor && m.at > now - this.limits.mailboxTtlMs && !(m.exp !== undefined && m.exp <= now),
    ).length;
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
    let k = this.keys.get(owner);
    if (!k) {
      k = { otks: [], kps: [] };
      if (this.keys.size >= this.limits.maxKeyOwners)
        this.keys.delete(this.keys.keys().next().value as string);
      this.keys.set(owner, k);
    }
    if (keys.bundle !== undefined) k.bundle = keys.bundle;
    const max = this.limits.maxKeysPerOwner;
    if (keys.otks) k.otks = [...k.otks, ...keys.otks].slice(-max);
    if (keys.kps) k.kps = [...k.kps, ...keys.kps].slice(-max);
    return { otks: k.otks.length, kps: k.kps.length };
  }

  async takePrekeyBundle(owner: string): Promise<PrekeyBundle | undefined> {
    this.check();
    const k = this.keys.get(owner);
    if (!k?.bundle) return undefined;
    const otk = k.otks.shift();
    return otk === undefined ? { bundle: k.bundle } : { bundle: k.bundle, otk };
  }

  async takeKeyPackage(owner: string): Promise<string | undefined> {
    this.check();
    return this.keys.get(owner)?.kps.shift();
  }

  async sweep(now: number): Promise<void> {
    for (const [id, r] of this.rooms) {
      if (r.info.expiresAt <= now) {
        this.rooms.delete(id);
        continue;
      }
      while (r.log[0] && r.log[0].at <= now - this.limits.historyTtlMs) {
        r.info.first = Math.max(r.info.first, r.log[0].offset + 1);
        r.log.shift();
      }
      // Disappearing messages are erased; the room's `first` stays, so resume points stay valid.
      if (r.log.some((m) => m.exp !== undefined && m.exp <= now)) {
        r.log = r.log.filter((m) => m.exp === undefined || m.exp > now);
      }
      this.expireDedupe(r, now);
      for (const [m, box] of r.mailboxes) if (box.expiresAt <= now) r.mailboxes.delete(m);
    }
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
