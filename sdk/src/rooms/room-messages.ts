/**
 * A room's message state, split out of {@link RoomCore} (`room-core.ts`), which owns one instance per room.
 *
 * `RoomCore` keeps the serial queue, sealing, publishing, relay delivery and persistence; this class keeps what
 * those feed: the reduced message log, the opaque content messages, the records and deletes waiting for the next
 * persist with the events it emits, the per-target index of edits, reactions and previews, the disappearing-message
 * timer, and the memories of own echoes, received ids and unacked own records. Everything here runs inside the
 * room's queue (the host's `enqueue`) and reaches the store only through the host's `persist`.
 * @module
 */
import { utf8 } from '../crypto/bytes.js';
import type { ChatMessage, MemberInfo } from '../events.js';
import {
  decodeMessage,
  encodeMessage,
  expiryOf,
  type LogChange,
  type MessageContent,
  MessageLog,
  type MessageView,
  type PlainMessage,
} from '../messages/index.js';
import type { MessageRecord } from '../store/index.js';
import { MAX_HISTORY_PAGE, OWN_ECHO_MEMORY } from './limits.js';
import type { RoomContext } from './room-context.js';

/** How many received message ids a room remembers besides its message log (content messages, failures). */
const SEEN_MEMORY = 1024;

/** Longest delay `setTimeout` accepts, in ms. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Content kinds kept in the encrypted history (receipts and typing are not). */
export const STORED_KINDS: ReadonlySet<MessageContent['kind']> = new Set([
  'text',
  'reply',
  'attachment',
  'edit',
  'delete',
  'reaction',
  'timer',
  'link-preview',
]);

/** Content kinds that operate on another message (kept per target so a delete or expiry removes them too). */
const OP_KINDS: ReadonlySet<MessageContent['kind']> = new Set(['edit', 'delete', 'reaction', 'link-preview']);

/** How a message is kept in the store's `data`: the codec bytes, or opaque content bytes. */
type StoredData =
  | { type: 'message'; bytes: Uint8Array; receivedAt: number }
  | { type: 'content' | 'text'; content: Uint8Array };

/** A page of history. */
export interface HistoryPage {
  /** Messages, newest first. */
  messages: ChatMessage[];
  /** Pass as `before` to read the next (older) page; absent at the oldest. */
  next?: number;
}

/** What the message state needs of the room that owns it ({@link RoomCore}). */
export interface RoomMessagesHost {
  /** False once the room is left, destroyed or removed. */
  isAlive(): boolean;
  /** The {@link MemberInfo} of a member id. */
  member(id: string): MemberInfo;
  /** Runs `fn` after everything queued before it in the room's queue. */
  enqueue<T>(fn: () => Promise<T>): Promise<T>;
  /** Writes the room's state and {@link RoomMessages.takePending}'s records in one transaction, then emits. */
  persist(): Promise<void>;
  /** Persists once after everything queued so far (never awaited inside a queued task). */
  requestPersist(): Promise<void>;
}

/** The records, deletes and events a room's message state has queued for its next persist. */
export interface PendingWrites {
  /** Records to write. */
  writes: MessageRecord[];
  /** Ids of records to delete. */
  deletes: string[];
  /** Events to emit once the transaction committed. */
  emits: (() => void)[];
}

/**
 * The message state of one room: its log, content messages, pending writes and events, expiry timer and id
 * memories (see the module comment). Owned by a {@link RoomCore}; not part of the public API.
 */
export class RoomMessages {
  /** Ids of messages this client published whose echo has not come back yet. */
  readonly ownEcho = new Set<string>();
  /** Ids of the messages received lately (receivers dedupe by message id). */
  private readonly seenIds = new Set<string>();
  /**
   * Own stored records still waiting for their relay offset (offset −1), so an ack needs no store read; after a
   * restart (or past {@link OWN_ECHO_MEMORY}) the store is read instead.
   */
  private readonly unacked = new Map<string, MessageRecord>();
  private writes: MessageRecord[] = [];
  private deletes: string[] = [];
  private emits: (() => void)[] = [];
  /** The reduced view of the room's messages (edits, deletes, reactions, receipts, timer). */
  readonly log = new MessageLog();
  /** Opaque content messages ({@link Room.sendContent}), which the message log does not hold. */
  private readonly contents = new Map<string, ChatMessage>();
  /** Operation message ids by the message they target. */
  private readonly opsByTarget = new Map<string, string[]>();
  /** Ids of delete messages (their records stay when their target is scrubbed). */
  private readonly deletesOf = new Set<string>();
  /** Own messages withdrawn before they left (see `withdraw`): later operations on them are refused. */
  private readonly withdrawn = new Set<string>();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed expiry timer fires, ms since the epoch. */
  private expiryAt: number | undefined;

  /**
   * @param id - the room id.
   * @param ctx - the client's services.
   * @param host - the room that owns this state.
   */
  constructor(
    private readonly id: string,
    private readonly ctx: RoomContext,
    private readonly host: RoomMessagesHost,
  ) {}

  /** Hands over (and clears) what was queued for the next persist. */
  takePending(): PendingWrites {
    const pending = { writes: this.writes, deletes: this.deletes, emits: this.emits };
    this.writes = [];
    this.deletes = [];
    this.emits = [];
    return pending;
  }

  /**
   * Whether a message was seen before (stored twice by the relay): the log knows every stored message (the
   * history is loaded into it at start-up), so this needs no store read per delivery.
   */
  isKnown(msgId: string): boolean {
    return this.seenIds.has(msgId) || this.log.has(msgId) || this.contents.has(msgId);
  }

  /** Records a received opaque content message (written and emitted at the next persist). */
  applyContent(msgId: string, offset: number, author: MemberInfo, content: Uint8Array, sentAt: number): void {
    if (this.contents.has(msgId)) return;
    const m = this.contentMessage(msgId, offset, author, content, sentAt);
    this.contents.set(m.msgId, m);
    this.writes.push(this.record(m.msgId, m.offset, author.id, '', sentAt, { type: 'content', content }));
    this.emits.push(() => this.ctx.emit('message', m));
  }

  /**
   * An own content message just encrypted (inside the queue): entered with offset −1, its record handed to
   * `carry` (the outbox record carries it) or, when it cannot be carried, queued for the next persist.
   */
  addOwnContent(
    msgId: string,
    self: MemberInfo,
    content: Uint8Array,
    sentAt: number,
    carry: (rec: MessageRecord) => boolean,
  ): void {
    this.contents.set(msgId, this.contentMessage(msgId, -1, self, content, sentAt));
    const rec = this.record(msgId, -1, self.id, '', sentAt, { type: 'content', content });
    if (!carry(rec)) this.writes.push(rec);
    this.rememberUnacked(rec);
  }

  /** Whether an own message was withdrawn before it left (operations on it are refused). */
  isWithdrawn(msgId: string): boolean {
    return this.withdrawn.has(msgId);
  }

  /**
   * The ids to take back when withdrawing `target` (see {@link RoomCore.withdraw}): it and the operations on it,
   * or `undefined` when it is not an own message still without its relay offset.
   */
  withdrawable(target: string): string[] | undefined {
    const view = this.log.get(target);
    if (!view || view.offset !== undefined || view.deleted || this.contents.has(target)) return undefined;
    return [target, ...(this.opsByTarget.get(target) ?? [])];
  }

  /**
   * The outbox took back `ids` (`target` and the operations on it): they leave the log, and any record of them
   * is deleted at the next persist.
   */
  withdraw(target: string, ids: string[]): void {
    this.log.remove(target);
    this.withdrawn.add(target);
    if (this.withdrawn.size > OWN_ECHO_MEMORY)
      this.withdrawn.delete(this.withdrawn.values().next().value as string);
    this.opsByTarget.delete(target);
    for (const id of ids) this.unacked.delete(id);
    this.deletes.push(...ids); // a record written because the outbox could not carry it
  }

  /** A message as the API shows it, if known. */
  message(msgId: string): ChatMessage | undefined {
    const v = this.log.get(msgId);
    return v ? this.fromView(v) : this.contents.get(msgId);
  }

  /**
   * The message-state part of {@link RoomCore.onAcked} (inside the queue): the stored record and the log get
   * the offset; asks for a persist when something is to be written.
   */
  async acked(msgId: string, offset: number, stored: boolean): Promise<void> {
    if (!this.host.isAlive() || this.knowsOffset(msgId)) return;
    const r = this.unacked.get(msgId) ?? (await this.ctx.store.messages.get(msgId));
    this.unacked.delete(msgId);
    if (!r || r.roomId !== this.id || (r.offset >= 0 && !stored)) return;
    const write = (rec: MessageRecord) => {
      if (!stored) this.writes.push(rec);
    };
    const data = r.data as StoredData | undefined;
    if (data?.type === 'content') {
      const m = this.contentMessage(msgId, offset, this.self(), data.content, r.sentAt);
      this.contents.set(msgId, m);
      write(this.record(msgId, offset, r.sender, '', r.sentAt, data));
    } else if (data?.type === 'message') {
      const plain = decodeMessage(data.bytes);
      if (this.log.has(msgId)) {
        // In the log already (sent from here, or loaded at start-up): only the offset is new. The stored record
        // is written again as it is with its offset (no re-encoding, no view built).
        const incoming = { msgId, sender: r.sender, receivedAt: data.receivedAt, message: plain, offset };
        if (this.log.apply(incoming).type === 'updated') write({ ...r, offset });
      } else {
        // Not in the log (dropped from memory): entered again with its stored bytes; written with its offset
        // unless the ack's transaction stored it already.
        this.applyMessage(msgId, offset, this.self(), plain, data.receivedAt, data.bytes, () => stored);
      }
    }
    if (this.writes.length > 0 || !stored)
      void this.host.requestPersist().catch((err) => this.ctx.emit('error', err as Error));
  }

  /** See {@link RoomCore.restorePending}. */
  restorePending(rec: MessageRecord): void {
    if (rec.roomId !== this.id || this.log.has(rec.msgId) || this.contents.has(rec.msgId)) return;
    this.loadRecord(rec);
    this.rememberUnacked(rec);
  }

  /**
   * A page of the history (see {@link RoomCore.history}), newest first, `limit` already checked.
   */
  page(limit: number, before: number | undefined): HistoryPage {
    // Ordered by offset (unacked last), ties in log order then content order (a stable sort); only the page's
    // entries become ChatMessages, so paging through a long history costs a sort per page, not a copy of all.
    type Entry = { key: number; view?: MessageView; content?: ChatMessage };
    const key = (offset: number | undefined) =>
      offset === undefined || offset < 0 ? Number.POSITIVE_INFINITY : offset;
    let all: Entry[] = this.log.list().map((view) => ({ key: key(view.offset), view }));
    for (const content of this.contents.values()) all.push({ key: key(content.offset), content });
    all.sort((a, b) => a.key - b.key);
    if (before !== undefined) all = all.filter((e) => e.key < before);
    const messages = all
      .slice(-limit)
      .reverse()
      .map((e) => (e.view ? this.fromView(e.view) : (e.content as ChatMessage)));
    const out: HistoryPage = { messages };
    const oldest = messages[messages.length - 1];
    if (all.length > limit && oldest) out.next = oldest.offset;
    return out;
  }

  /** Stops the expiry timer (the room is dropped or the client closes). */
  stopExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  /** This client as a member. */
  private self(): MemberInfo {
    return this.host.member(this.ctx.selfId);
  }

  /**
   * Applies a decoded message (received or own) to the log and queues its record, scrubs and events (inside
   * the queue; written and emitted at the next persist). `bytes`, when given, are the codec bytes `plain` was
   * decoded from (or encoded to): they are stored as they are instead of encoding `plain` again. `carried`
   * is handed the record and returns true when it is written elsewhere (by the outbox record's ack), so it is
   * not queued here.
   */
  applyMessage(
    msgId: string,
    offset: number | undefined,
    author: MemberInfo,
    plain: PlainMessage,
    receivedAt: number,
    bytes?: Uint8Array,
    carried?: (rec: MessageRecord) => boolean,
  ): void {
    const c = plain.content;
    const change = this.log.apply({
      msgId,
      sender: author.id,
      receivedAt,
      message: plain,
      ...(offset === undefined ? {} : { offset }),
    });
    if (change.type === 'duplicate' || change.type === 'expired') return;
    if (OP_KINDS.has(c.kind) && 'target' in c) this.indexOp(c.target, msgId);
    if (c.kind === 'delete') this.deletesOf.add(msgId);
    if (STORED_KINDS.has(c.kind) && (offset !== undefined || author.self)) {
      const data: StoredData = { type: 'message', bytes: bytes ?? encodeMessage(plain), receivedAt };
      const expiresAt = expiryOf(plain.sentAt, receivedAt, plain.expireAfter);
      const text = this.log.get(msgId)?.text ?? '';
      const rec = this.record(msgId, offset ?? -1, author.id, text, plain.sentAt, data, expiresAt);
      // An own message being sent: its outbox record carries it (written once, at the ack) when it can.
      if (!carried?.(rec)) this.writes.push(rec);
      if (offset === undefined) this.rememberUnacked(rec);
    }
    if (change.type === 'deleted' && c.kind === 'delete') this.scrub(c.target);
    const expiresAt = expiryOf(plain.sentAt, receivedAt, plain.expireAfter);
    if (expiresAt !== undefined && (this.expiryAt === undefined || expiresAt < this.expiryAt))
      this.armExpiry();
    if (author.self) return;
    this.queueEvent(change, c, author);
  }

  /** Queues the event a change of another member's message means. */
  private queueEvent(change: LogChange, c: MessageContent, author: MemberInfo): void {
    const room = this.id;
    switch (change.type) {
      case 'added': {
        const view = this.log.get(change.msgId);
        if (view) this.emits.push(() => this.ctx.emit('message', this.fromView(view)));
        return;
      }
      case 'deleted':
        if (c.kind === 'delete') {
          this.emits.push(() =>
            this.ctx.emit('delete', { room, msgId: c.target, reason: 'deleted', author }),
          );
        }
        return;
      case 'updated': {
        const view = 'target' in c ? this.log.get(c.target) : undefined;
        if (!view) return;
        if (c.kind === 'edit') {
          const message = this.fromView(view);
          this.emits.push(() => this.ctx.emit('edit', { room, msgId: c.target, message, author }));
        } else if (c.kind === 'link-preview') {
          const message = this.fromView(view);
          const preview = message.preview;
          if (!preview) return; // not the message's sender: the log ignores it
          this.emits.push(() =>
            this.ctx.emit('preview', { room, msgId: c.target, preview, message, author }),
          );
        } else if (c.kind === 'reaction') {
          const { emoji, add } = c;
          const reactions = view.reactions;
          this.emits.push(() =>
            this.ctx.emit('reaction', { room, msgId: c.target, emoji, add, author, reactions }),
          );
        }
        return;
      }
      case 'receipt':
        this.emits.push(() => this.ctx.emit('receipt', { room, member: author, upTo: change.upTo }));
        return;
      case 'typing':
        // ephemeral: nothing to store, emitted at once
        this.ctx.emit('typing', { room, member: author, active: change.active });
        return;
      case 'timer':
        if (c.kind === 'timer') {
          this.emits.push(() => this.ctx.emit('timer', { room, seconds: change.seconds, author }));
        }
        return;
      default:
        return;
    }
  }

  /** Indexes an operation message (edit, delete, reaction, preview) under the message it targets. */
  private indexOp(target: string, msgId: string): void {
    const list = this.opsByTarget.get(target);
    if (list) list.push(msgId);
    else this.opsByTarget.set(target, [msgId]);
  }

  /**
   * A message was deleted for everyone: its stored record becomes a tombstone without content, and the records
   * of its edits, reactions and previews are deleted (the delete messages stay, so the tombstone is rebuilt).
   */
  private scrub(target: string): void {
    this.unacked.delete(target); // its ack reads the store (as it stands after the scrub)
    const view = this.log.get(target);
    if (view?.offset !== undefined) this.writes.push(this.tombstone(view, view.offset));
    const keep: string[] = [];
    for (const id of this.opsByTarget.get(target) ?? []) {
      if (this.deletesOf.has(id)) keep.push(id);
      else this.deletes.push(id);
    }
    this.opsByTarget.set(target, keep);
  }

  /** The stored record of a message deleted for everyone: no content, its place in the history kept. */
  private tombstone(view: MessageView, offset: number): MessageRecord {
    const content: MessageContent =
      view.kind === 'reply' && view.replyTo !== undefined
        ? { kind: 'reply', target: view.replyTo, text: '', mentions: [] }
        : { kind: 'text', text: '', mentions: [] };
    const bytes = encodeMessage({ sentAt: view.sentAt, expireAfter: 0, content });
    const data: StoredData = { type: 'message', bytes, receivedAt: view.sentAt };
    return this.record(view.msgId, offset, view.sender, '', view.sentAt, data, view.expiresAt);
  }

  /**
   * What the ack's transaction stores for an own message its outbox record carried (`rec`, with its offset): the
   * record itself, or a tombstone when the message was deleted while it waited (its text never reaches the store).
   */
  recordForAck(rec: MessageRecord): MessageRecord {
    const view = this.log.get(rec.msgId);
    return view?.deleted ? this.tombstone(view, rec.offset) : rec;
  }

  /** Arms one timer at the log's next expiry; on it, expired messages leave the log and the store. */
  private armExpiry(): void {
    const next = this.log.nextExpiry();
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    this.expiryAt = undefined;
    if (next === undefined || !this.host.isAlive()) return;
    this.expiryAt = next;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, next - Date.now()));
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.expiryAt = undefined;
      void this.host
        .enqueue(async () => {
          if (!this.host.isAlive()) return;
          this.expire(Date.now());
          await this.host.persist();
        })
        .catch((err) => this.ctx.emit('error', err as Error));
    }, delay);
    // A disappearing timer must not keep a Node process alive on its own.
    (this.expiryTimer as { unref?: () => void }).unref?.();
  }

  /** Purges what expired by `now` (inside the queue; deleted from the store at the next persist). */
  private expire(now: number): void {
    const room = this.id;
    for (const id of this.log.purge(now)) {
      this.unacked.delete(id);
      this.deletes.push(id, ...(this.opsByTarget.get(id) ?? []));
      this.opsByTarget.delete(id);
      this.emits.push(() => this.ctx.emit('delete', { room, msgId: id, reason: 'expired' }));
    }
    this.armExpiry();
  }

  /** Loads the stored history into the message log (at start-up, before any delivery); purges what expired. */
  async loadHistory(): Promise<void> {
    let before: number | undefined;
    for (;;) {
      const page = await this.ctx.store.messages.page(this.id, {
        direction: 'backward',
        limit: MAX_HISTORY_PAGE,
        ...(before === undefined ? {} : { before }),
      });
      for (const r of page.messages) this.loadRecord(r);
      if (page.next === undefined) break;
      before = page.next;
    }
    await this.host.enqueue(async () => {
      this.expire(Date.now());
      if (this.deletes.length > 0) await this.host.persist();
    });
  }

  /** Enters one stored record in the log or the content messages (at start-up, or restoring a pending one). */
  private loadRecord(r: MessageRecord): void {
    const data = r.data as StoredData | undefined;
    if (data?.type === 'content') {
      this.contents.set(
        r.msgId,
        this.contentMessage(r.msgId, r.offset, this.host.member(r.sender), data.content, r.sentAt),
      );
      return;
    }
    let plain: PlainMessage;
    let receivedAt = r.sentAt;
    try {
      if (data?.type === 'message') {
        plain = decodeMessage(data.bytes);
        receivedAt = data.receivedAt;
      } else {
        plain = { sentAt: r.sentAt, expireAfter: 0, content: { kind: 'text', text: r.text, mentions: [] } };
      }
    } catch {
      return; // a record this version cannot read
    }
    const offset = r.offset >= 0 ? { offset: r.offset } : {};
    this.log.apply({ msgId: r.msgId, sender: r.sender, receivedAt, message: plain, ...offset }, 0);
    if (r.offset < 0) this.rememberOwn(r.msgId);
    const c = plain.content;
    if (OP_KINDS.has(c.kind) && 'target' in c) this.indexOp(c.target, r.msgId);
    if (c.kind === 'delete') this.deletesOf.add(r.msgId);
  }

  /** An opaque content message as the API shows it. */
  contentMessage(
    msgId: string,
    offset: number,
    author: MemberInfo,
    content: Uint8Array,
    sentAt: number,
  ): ChatMessage {
    return {
      room: this.id,
      msgId,
      offset,
      type: 'content',
      text: '',
      content,
      sentAt,
      author,
      own: author.self,
      kind: 'content',
      mentions: [],
      edited: false,
      deleted: false,
      reactions: [],
    };
  }

  /** A message view as the API shows it. */
  fromView(v: MessageView): ChatMessage {
    const m: ChatMessage = {
      room: this.id,
      msgId: v.msgId,
      offset: v.offset ?? -1,
      type: 'text',
      text: v.text,
      content: utf8(v.text),
      sentAt: v.sentAt,
      author: this.host.member(v.sender),
      own: v.sender === this.ctx.selfId,
      kind: v.kind,
      mentions: v.mentions,
      edited: v.edited,
      deleted: v.deleted,
      reactions: v.reactions,
    };
    if (v.replyTo !== undefined) m.replyTo = v.replyTo;
    if (v.expiresAt !== undefined) m.expiresAt = v.expiresAt;
    if (v.attachment !== undefined) m.attachment = v.attachment;
    if (v.preview !== undefined) {
      const { url, title, description, imageHash, image } = v.preview;
      m.preview = {
        url,
        title,
        description,
        ...(imageHash ? { imageHash } : {}),
        ...(image ? { image } : {}),
      };
    }
    return m;
  }

  /** The store record of a message of this room. */
  private record(
    msgId: string,
    offset: number,
    sender: string,
    text: string,
    sentAt: number,
    data: StoredData,
    expiresAt?: number,
  ): MessageRecord {
    const r: MessageRecord = { roomId: this.id, msgId, offset, sender, text, sentAt, data };
    return expiresAt === undefined ? r : { ...r, expiresAt };
  }

  /** Whether an own message already has its relay offset here (a second ack is a no-op without a store read). */
  private knowsOffset(msgId: string): boolean {
    const c = this.contents.get(msgId);
    if (c) return c.offset >= 0;
    return this.log.get(msgId)?.offset !== undefined;
  }

  /** Remembers an own record still without its relay offset (at most {@link OWN_ECHO_MEMORY}). */
  private rememberUnacked(rec: MessageRecord): void {
    this.unacked.set(rec.msgId, rec);
    if (this.unacked.size > OWN_ECHO_MEMORY) this.unacked.delete(this.unacked.keys().next().value as string);
  }

  /** Remembers a received message id (at most {@link SEEN_MEMORY}). */
  rememberSeen(msgId: string): void {
    this.seenIds.add(msgId);
    if (this.seenIds.size > SEEN_MEMORY) this.seenIds.delete(this.seenIds.values().next().value as string);
  }

  /** Remembers an own message id so its echo is skipped (also for the outbox's messages after a restart). */
  rememberOwn(msgId: string): void {
    this.ownEcho.add(msgId);
    if (this.ownEcho.size > OWN_ECHO_MEMORY)
      this.ownEcho.delete(this.ownEcho.values().next().value as string);
  }
}
