import { bytesSource, loadTransfer } from '../attachments/index.js';
import type { RoomAuthKey } from '../crypto/auth/index.js';
import { utf8 } from '../crypto/bytes.js';
import {
  formatPublicKey,
  type PublicIdentity,
  type SafetyNumber,
  safetyNumber,
} from '../crypto/identity/index.js';
import { sha256Digest } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import type { ChatMessage, MemberInfo } from '../events.js';
import {
  decodeMessage,
  encodeMessage,
  expiryOf,
  type LinkPreviewDraft,
  type LogChange,
  type MessageContent,
  MessageError,
  MessageLog,
  type MessageView,
  type PlainMessage,
  type PreviewImage,
  previewContent,
} from '../messages/index.js';
import { type Envelope, fromBase64url, randomId } from '../protocol/index.js';
import type { RelayClient } from '../relay-client/index.js';
import type { MessageRecord, StoreScope } from '../store/index.js';
import { type ContentEnvelope, ContentType, type ContentTypeId } from './content-envelope.js';
import { MAX_DISPLAY_NAME_LENGTH, MAX_HISTORY_PAGE, OWN_ECHO_MEMORY } from './limits.js';
import { decodePayload, type Payload } from './payload.js';
import { encodePendingRecord } from './pending-record.js';
import type { RoomCallConfig } from './room-calls.js';
import { type RoomContext, type RoomMeta, roomMetaKey, roomPrekeysKey } from './room-context.js';
import { deleteRoomUploads, ListedUploadStore } from './upload-cleanup.js';
import type { UploadStore } from './upload-store.js';

/** How many received message ids a room remembers besides its message log (content messages, failures). */
const SEEN_MEMORY = 1024;

/** Mailbox receipts are batched for this long, in ms. */
const RECV_DELAY_MS = 200;

/** Longest delay `setTimeout` accepts, in ms. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Content kinds kept in the encrypted history (receipts and typing are not). */
const STORED_KINDS: ReadonlySet<MessageContent['kind']> = new Set([
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
/**
 * The link-preview fetching code (`link-preview-fetch.ts`), loaded the first time a client with a `linkPreviews`
 * fetcher sends a link: clients without one never load it. `undefined` when it cannot be loaded: the preview is
 * then not sent, as when its fetch fails.
 */
function loadPreviewFetch(): Promise<typeof import('../messages/link-preview-fetch.js') | undefined> {
  return import('../messages/link-preview-fetch.js').catch(() => undefined);
}

const OP_KINDS: ReadonlySet<MessageContent['kind']> = new Set(['edit', 'delete', 'reaction', 'link-preview']);

/** How a message is kept in the store's `data`: the codec bytes, or opaque content bytes. */
type StoredData =
  | { type: 'message'; bytes: Uint8Array; receivedAt: number }
  | { type: 'content' | 'text'; content: Uint8Array };

/** The marker of an envelope that arrived as an ephemeral signal (no offset, never stored). */
const SIGNAL_OFFSET = -1;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A page of history. */
export interface HistoryPage {
  /** Messages, newest first. */
  messages: ChatMessage[];
  /** Pass as `before` to read the next (older) page; absent at the oldest. */
  next?: number;
}

/** What an encryption produced: the payload for the relay and the epoch to publish it under. */
export interface Sealed {
  payload: Uint8Array;
  epoch: number;
}

/**
 * The machinery shared by group and 1:1 rooms: a serial queue (everything that touches a room's crypto state
 * runs in relay order, one at a time), the resume cursor, own-echo skipping, the encrypted history and
 * persistence. Subclasses supply the crypto.
 */
export abstract class RoomCore {
  /** Ids of messages this client published whose echo has not come back yet. */
  protected readonly ownEcho = new Set<string>();
  /** Ids of the messages received lately (receivers dedupe by message id). */
  private readonly seenIds = new Set<string>();
  /**
   * Own stored records still waiting for their relay offset (offset −1), so an ack needs no store read; after a
   * restart (or past {@link OWN_ECHO_MEMORY}) the store is read instead.
   */
  private readonly unacked = new Map<string, MessageRecord>();
  private chain: Promise<unknown> = Promise.resolve();
  private recvTimer: ReturnType<typeof setTimeout> | undefined;
  private writes: MessageRecord[] = [];
  private deletes: string[] = [];
  private emits: (() => void)[] = [];
  /** The reduced view of the room's messages (edits, deletes, reactions, receipts, timer). */
  protected readonly log = new MessageLog();
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
  /** False once left, destroyed or removed. */
  alive = true;
  /**
   * Receives call signal fragments (content type `CALL`) that arrived as ephemeral signals, already
   * decrypted and authenticated; set by the room's calls (`room-calls.ts`).
   */
  callSignalHandler: ((from: MemberInfo, fragment: Uint8Array) => void) | undefined;

  /**
   * @param id - the room id.
   * @param ctx - the client's services.
   * @param meta - the persisted metadata.
   * @param joinedAt - when this client joined, ms.
   */
  constructor(
    readonly id: string,
    protected readonly ctx: RoomContext,
    readonly meta: RoomMeta,
    protected readonly joinedAt: number,
  ) {}

  /** `group` (MLS) or `direct` (PQXDH + Double Ratchet). */
  get kind(): 'group' | 'direct' {
    return this.meta.kind;
  }

  /** Whether this client can send now. */
  abstract get ready(): boolean;
  /** The room's members as known now. */
  abstract members(): MemberInfo[];
  /** The public identity of a member. */
  protected abstract identityOf(memberId: string): PublicIdentity | undefined;
  /** Processes one envelope of another member (inside the queue). */
  protected abstract handle(env: Envelope, payload: Payload): Promise<void>;
  /** Encrypts a content envelope for the room (inside the queue). */
  protected abstract seal(
    type: ContentTypeId,
    msgId: string,
    sentAt: number,
    content: Uint8Array,
  ): Promise<Sealed>;
  /** Writes the crypto state (inside a store transaction). */
  protected abstract saveState(tx: StoreScope): Promise<void>;
  /** Builds an invite link. */
  abstract invite(ttlSeconds?: number): Promise<string>;
  /** Leaves the room. */
  abstract leave(): Promise<void>;

  /**
   * Replaces this device's own keys in the room now. A 1:1 room has nothing to do (the Double Ratchet replaces
   * its keys as replies flow): false. Group rooms commit an MLS update.
   */
  updateKeys(): Promise<boolean> {
    return Promise.resolve(false);
  }

  /** Runs `fn` after everything queued before it. */
  enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Saves the room's state and metadata (after the work queued before). */
  save(): Promise<void> {
    return this.enqueue(() => this.persist());
  }

  /** Joins (or rejoins) the room at the relay, resuming after the last envelope processed. */
  async attach(relay: RelayClient): Promise<void> {
    const s = this.meta.stream;
    const key = await this.ctx.identity.roomAuthKeyAsync(this.id);
    let joined: Awaited<ReturnType<RelayClient['join']>>;
    try {
      joined = await relay.join(
        this.id,
        key,
        s ? { resume: { epoch: s.epoch, offset: s.next } } : this.meta.ttl ? { ttl: this.meta.ttl } : {},
      );
    } finally {
      key.destroy();
    }
    if (!s || s.epoch !== joined.epoch || joined.recovered === false) {
      this.meta.stream = { epoch: joined.epoch, next: joined.from };
    }
    if (s && joined.recovered === false) this.resumeLost();
  }

  /**
   * The relay could not resume where this room left off (what was missed is no longer retained): the room
   * continues from the relay's current position. Groups rejoin, since they may have missed commits.
   */
  protected resumeLost(): void {}

  /** An envelope from the relay (any order of arrival; processed in the queue). */
  onDeliver(env: Envelope): void {
    void this.enqueue(() => this.deliver(env)).catch((err) => this.ctx.emit('error', err as Error));
  }

  private async deliver(env: Envelope): Promise<void> {
    if (!this.alive) return;
    const s = this.meta.stream;
    if (s && env.offset < s.next) return; // seen already (at-least-once delivery)
    this.meta.stream = { epoch: s?.epoch ?? '', next: env.offset + 1 };
    if (this.ownEcho.delete(env.msgId)) {
      // our own message coming back: already applied and stored; the outbox may have missed its ack
      this.ctx.delivered(env.msgId, env.offset);
    } else if (this.seenIds.has(env.msgId) || this.log.has(env.msgId) || this.contents.has(env.msgId)) {
      // a message seen before (stored twice by the relay): never decrypted twice. The log knows every stored
      // message (the history is loaded into it at start-up), so this needs no store read per delivery.
    } else {
      this.rememberSeen(env.msgId);
      try {
        await this.handle(env, decodePayload(fromBase64url(env.ct, 'ct')));
      } catch (err) {
        this.ctx.emit('error', err instanceof ClientError ? err : ClientError.undecryptable(this.kind, err));
      }
    }
    if (!this.alive) return;
    void this.requestPersist().catch((err) => this.ctx.emit('error', err as Error));
    this.scheduleRecv();
  }

  private persistPending: Promise<void> | undefined;

  /**
   * Persists once after everything queued so far (many deliveries or encryptions share one transaction).
   * Never await it inside a queued task: it is itself queued.
   */
  protected requestPersist(): Promise<void> {
    this.persistPending ??= this.enqueue(async () => {
      this.persistPending = undefined;
      if (this.alive) await this.persist();
    });
    return this.persistPending;
  }

  /** Writes state, metadata and any received messages in one transaction, then emits the messages. */
  protected async persist(): Promise<void> {
    const writes = this.writes;
    const deletes = this.deletes;
    const emits = this.emits;
    this.writes = [];
    this.deletes = [];
    this.emits = [];
    await this.ctx.store.transaction(async (tx) => {
      await this.saveState(tx);
      await tx.kv.set(roomMetaKey(this.id), this.meta);
      if (writes.length > 0) {
        // A message written twice since the last persist (sent, then acked with its offset) is stored once.
        const last = new Map<string, MessageRecord>();
        for (const w of writes) last.set(w.msgId, w);
        await tx.messages.putMany(last.size === writes.length ? writes : [...last.values()]);
      }
      for (const id of deletes) await tx.messages.delete(id);
    });
    this.persisted();
    for (const emit of emits) emit();
  }

  /** Called once a persist's transaction committed (the state `saveState` wrote is durable). */
  protected persisted(): void {}

  /** Records a received message (written and emitted at the next persist). */
  protected received(env: Envelope, c: ContentEnvelope, author: MemberInfo): void {
    const signal = env.offset === SIGNAL_OFFSET;
    if (!signal && c.msgId !== env.msgId) {
      throw ClientError.undecryptable(this.kind, new Error('message id mismatch'));
    }
    const now = Date.now();
    switch (c.type) {
      case ContentType.MESSAGE: {
        let plain: PlainMessage;
        try {
          plain = decodeMessage(c.content);
        } catch (err) {
          if (err instanceof MessageError && !signal) this.ctx.emit('error', err);
          return;
        }
        // Only typing travels as a signal, and never otherwise (everything else must be ordered and stored).
        if (signal !== (plain.content.kind === 'typing')) return;
        this.applyMessage(c.msgId, signal ? undefined : env.offset, author, plain, now, c.content);
        return;
      }
      case ContentType.TEXT: {
        if (signal) return;
        const plain: PlainMessage = {
          sentAt: c.sentAt,
          expireAfter: 0,
          content: { kind: 'text', text: decoder.decode(c.content), mentions: [] },
        };
        this.applyMessage(c.msgId, env.offset, author, plain, now);
        return;
      }
      case ContentType.CONTENT: {
        if (signal || this.contents.has(env.msgId)) return;
        const m = this.contentMessage(env.msgId, env.offset, author, c.content, c.sentAt);
        this.contents.set(m.msgId, m);
        this.writes.push(
          this.record(m.msgId, m.offset, author.id, '', c.sentAt, { type: 'content', content: c.content }),
        );
        this.emits.push(() => this.ctx.emit('message', m));
        return;
      }
      case ContentType.CALL: {
        // Call signalling is ephemeral only: a stored CALL message is ignored.
        if (signal && !author.self) this.callSignalHandler?.(author, c.content);
        return;
      }
      case ContentType.PROFILE: {
        if (signal) return;
        const name = parseProfile(c.content);
        if (name === undefined || this.meta.names[author.id] === name) return;
        this.meta.names[author.id] = name;
        this.ctx.emit('member', { room: this.id, kind: 'profile', member: { ...author, displayName: name } });
        return;
      }
    }
  }

  /**
   * Applies a decoded message (received or own) to the log and queues its record, scrubs and events (inside
   * the queue; written and emitted at the next persist). `bytes`, when given, are the codec bytes `plain` was
   * decoded from (or encoded to): they are stored as they are instead of encoding `plain` again. `carried`
   * is handed the record and returns true when it is written elsewhere (by the outbox record's ack), so it is
   * not queued here.
   */
  private applyMessage(
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
    if (next === undefined || !this.alive) return;
    this.expiryAt = next;
    const delay = Math.min(MAX_TIMER_DELAY_MS, Math.max(0, next - Date.now()));
    this.expiryTimer = setTimeout(() => {
      this.expiryTimer = undefined;
      this.expiryAt = undefined;
      void this.enqueue(async () => {
        if (!this.alive) return;
        this.expire(Date.now());
        await this.persist();
      }).catch((err) => this.ctx.emit('error', err as Error));
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
    await this.enqueue(async () => {
      this.expire(Date.now());
      if (this.deletes.length > 0) await this.persist();
    });
  }

  private loadRecord(r: MessageRecord): void {
    const data = r.data as StoredData | undefined;
    if (data?.type === 'content') {
      this.contents.set(
        r.msgId,
        this.contentMessage(r.msgId, r.offset, this.member(r.sender), data.content, r.sentAt),
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

  private contentMessage(
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
  protected fromView(v: MessageView): ChatMessage {
    const m: ChatMessage = {
      room: this.id,
      msgId: v.msgId,
      offset: v.offset ?? -1,
      type: 'text',
      text: v.text,
      content: utf8(v.text),
      sentAt: v.sentAt,
      author: this.member(v.sender),
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

  /**
   * Encrypts and publishes opaque content bytes, then stores them in the history.
   * @returns the message with its relay offset.
   */
  async sendContent(content: Uint8Array): Promise<ChatMessage> {
    const msgId = randomId();
    const sentAt = Date.now();
    const self = this.self();
    const offset = await this.publish(ContentType.CONTENT, msgId, sentAt, content, (carry) => {
      this.contents.set(msgId, this.contentMessage(msgId, -1, self, content, sentAt));
      const rec = this.record(msgId, -1, self.id, '', sentAt, { type: 'content', content });
      if (!carry(rec)) this.writes.push(rec);
      this.rememberUnacked(rec);
    });
    const m = this.contentMessage(msgId, offset ?? -1, self, content, sentAt);
    if (offset !== undefined) this.onAcked(msgId, offset);
    return m;
  }

  /**
   * Encrypts and publishes a message of the content codec, applies it to the log and stores it.
   * @returns the message as shown (texts, replies, attachments): with its relay offset, or offset −1 while it
   *   waits in the outbox (offline).
   * @throws MessageError for invalid content (too long, a bad id…); ClientError as publishing does.
   */
  async sendMessage(content: MessageContent): Promise<ChatMessage | undefined> {
    const msgId = randomId();
    const sentAt = Date.now();
    const timed = STORED_KINDS.has(content.kind) && content.kind !== 'timer';
    const plain: PlainMessage = { sentAt, expireAfter: timed ? this.log.timer : 0, content };
    const bytes = encodeMessage(plain);
    const self = this.self();
    // A disappearing message disappears at the relay too, when it does here.
    const expiresAt = plain.expireAfter > 0 ? sentAt + plain.expireAfter * 1000 : undefined;
    let queued: MessageView | undefined;
    const offset = await this.publish(
      ContentType.MESSAGE,
      msgId,
      sentAt,
      bytes,
      (carry) => {
        this.applyMessage(msgId, undefined, self, plain, sentAt, bytes, carry);
        queued = this.log.get(msgId);
      },
      expiresAt,
      () => {
        // an edit or reaction asked for before its message was withdrawn, queued after it: never sent
        const target = (content as { target?: unknown }).target;
        if (typeof target === 'string' && this.withdrawn.has(target))
          throw ClientError.invalidArgument('msgId', 'one of your own messages in this room');
      },
    );
    if (offset !== undefined) {
      this.onAcked(msgId, offset);
      await this.enqueue(async () => undefined);
    }
    // withdrawn while it waited (see `withdraw`): the message as it was queued
    const view = this.log.get(msgId) ?? queued;
    return view ? this.fromView(view) : undefined;
  }

  /**
   * Sends the link preview of one of this client's messages (a `link-preview` message targeting it).
   * @throws MessageError for an invalid preview (a URL over 2 KiB, not http(s)…); ClientError as publishing does.
   */
  async sendLinkPreview(target: string, draft: LinkPreviewDraft): Promise<void> {
    await this.sendMessage(previewContent(target, draft, await this.previewImage(draft)));
  }

  /**
   * With a fetcher that has `fetchImage` and a draft with `imageUrl`: fetches the image on this device and
   * uploads it as an encrypted attachment (the relay sees ciphertext only). Nothing when refused or failed.
   */
  private async previewImage(
    draft: LinkPreviewDraft,
  ): Promise<{ ref: PreviewImage; hash: Uint8Array } | undefined> {
    const fetcher = this.ctx.linkPreviews;
    if (!fetcher?.fetchImage || draft.imageUrl === undefined) return undefined;
    const fetching = await loadPreviewFetch();
    const got = fetching && (await fetching.fetchPreviewImage(draft.imageUrl, fetcher));
    if (!got) return undefined;
    try {
      const { uploadAttachment } = await loadTransfer();
      const ref = await uploadAttachment(bytesSource(got.bytes), { relay: this.ctx.relayUrl });
      const { blobId, key, size, chunkSize, digest } = ref;
      return { ref: { blobId, key, size, chunkSize, digest, mime: got.mime }, hash: sha256Digest(got.bytes) };
    } catch {
      return undefined; // the preview goes without its image
    }
  }

  /**
   * With the client's `linkPreviews` fetcher: fetches the first https link of `text` in the background and
   * sends its preview for message `target`. A refused URL or a failed fetch sends nothing; a failed send is an
   * `error` event.
   */
  previewInBackground(target: string, text: string): void {
    const fetcher = this.ctx.linkPreviews;
    if (!fetcher) return;
    void loadPreviewFetch()
      .then((fetching) => {
        const url = fetching?.firstLink(text);
        return url ? fetching?.fetchLinkPreview(url, fetcher) : undefined;
      })
      .then((draft) => (draft && this.alive ? this.sendLinkPreview(target, draft) : undefined))
      .catch((err) => this.ctx.emit('error', err as Error));
  }

  /** Sends a typing signal through the relay (ephemeral: never stored); nothing when not ready or offline. */
  async sendTyping(active: boolean): Promise<void> {
    if (!this.alive) return;
    const sentAt = Date.now();
    const bytes = encodeMessage({ sentAt, expireAfter: 0, content: { kind: 'typing', active } });
    const sealed = await this.enqueue(async () =>
      this.ready ? this.seal(ContentType.MESSAGE, randomId(), sentAt, bytes) : undefined,
    );
    if (!sealed) return;
    // The advanced sending state is stored before the ciphertext leaves.
    await this.requestPersist();
    try {
      this.ctx.relay().signal(this.id, sealed.payload);
    } catch {
      // offline: a typing signal is worth nothing later
    }
  }

  /**
   * Sends one call signal fragment as an encrypted ephemeral relay signal (never stored or queued).
   * @returns whether it left (false when the room is not ready or the client is offline).
   */
  async sendCallSignal(fragment: Uint8Array): Promise<boolean> {
    if (!this.alive) return false;
    const sentAt = Date.now();
    const sealed = await this.enqueue(async () =>
      this.ready ? this.seal(ContentType.CALL, randomId(), sentAt, fragment) : undefined,
    );
    if (!sealed) return false;
    await this.requestPersist();
    try {
      this.ctx.relay().signal(this.id, sealed.payload);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The room's current call group secret (group rooms: an MLS exporter secret of the current epoch), or
   * `undefined` for rooms without one (1:1 rooms use a per-call secret carried in the encrypted ring).
   */
  async callGroupSecret(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  /** The room's pseudonymous relay key (calls prove it to the relay's `/calls/*`); the caller destroys it. */
  roomAuthKey(): Promise<RoomAuthKey> {
    return this.ctx.identity.roomAuthKeyAsync(this.id);
  }

  /** The client's calls options. */
  get callConfig(): RoomCallConfig {
    return this.ctx.calls ?? {};
  }

  /** A signal of another member (processed in the queue; only typing is accepted, undecryptable ones dropped). */
  onSignal(data: Uint8Array): void {
    void this.enqueue(async () => {
      if (!this.alive) return;
      const env: Envelope = { v: 1, msgId: '', room: this.id, epoch: 0, offset: SIGNAL_OFFSET, ct: '' };
      try {
        await this.handle(env, decodePayload(data));
      } catch {
        // stale, or not for this state: a typing signal is not worth an error
      }
      void this.requestPersist().catch((err) => this.ctx.emit('error', err as Error));
    });
  }

  /** Whether an envelope arrived as a signal (see {@link RoomCore.onSignal}). */
  protected static isSignal(env: Envelope): boolean {
    return env.offset === SIGNAL_OFFSET;
  }

  /** The current view of a message, if known. */
  view(msgId: string): MessageView | undefined {
    return this.log.get(msgId);
  }

  /**
   * Takes back one of this client's messages that never left this device (still in the outbox, never sent, as
   * when it was written offline), with the edits, reactions and previews of it queued after it: no member, and
   * not the relay, ever receives them, and nothing of them stays in the store or the history.
   *
   * @returns false when any of them may have reached the relay (or it is not such a message): the caller then
   *   deletes it for everyone.
   */
  async withdraw(target: string): Promise<boolean> {
    return this.enqueue(async () => {
      const view = this.log.get(target);
      if (!this.alive || !view || view.offset !== undefined || view.deleted || this.contents.has(target))
        return false;
      const ids = [target, ...(this.opsByTarget.get(target) ?? [])];
      if (!(await this.ctx.withdraw(ids))) return false;
      this.log.remove(target);
      this.withdrawn.add(target);
      if (this.withdrawn.size > OWN_ECHO_MEMORY)
        this.withdrawn.delete(this.withdrawn.values().next().value as string);
      this.opsByTarget.delete(target);
      for (const id of ids) this.unacked.delete(id);
      this.deletes.push(...ids); // a record written because the outbox could not carry it
      await this.persist();
      return true;
    });
  }

  /** A message as the API shows it, if known. */
  message(msgId: string): ChatMessage | undefined {
    const v = this.log.get(msgId);
    return v ? this.fromView(v) : this.contents.get(msgId);
  }

  /** This room's interrupted uploads in the sealed store. */
  uploads(): UploadStore {
    return new ListedUploadStore(this.ctx.store, this.id);
  }

  /** The relay's URL. */
  get relayUrl(): string {
    return this.ctx.relayUrl;
  }

  /** This client's member id. */
  get selfId(): string {
    return this.ctx.selfId;
  }

  /** The client's privacy toggles. */
  get privacy(): { readonly receipts: boolean; readonly typing: boolean } {
    return this.ctx.privacy;
  }

  /** The room's disappearing-message timer in seconds (0: off). */
  get timer(): number {
    return this.log.timer;
  }

  /** The last read receipt of each member: member id → message id. */
  receipts(): Map<string, string> {
    return this.log.receipts();
  }

  /**
   * Encrypts a message and publishes it through the outbox. `local` runs right after the encryption, in the
   * queue, and enters the message in the log. Its own record is handed to `carry`: the outbox record carries it
   * (`pending-record.ts`) and the history gets it once, with its offset, in the transaction of the relay's ack
   * (`carry` returns false when it cannot be carried: the caller then writes it with the crypto state).
   * @returns the relay offset, or `undefined` while the message waits in the outbox (offline).
   */
  protected async publish(
    type: ContentTypeId,
    msgId: string,
    sentAt: number,
    content: Uint8Array,
    local?: (carry: (rec: MessageRecord) => boolean) => void,
    expiresAt?: number,
    check?: () => void,
  ): Promise<number | undefined> {
    if (!this.alive) throw ClientError.notAMember();
    let carried: Uint8Array | undefined;
    const carry = (rec: MessageRecord) => {
      carried = encodePendingRecord(rec);
      return carried !== undefined;
    };
    const sealed = await this.enqueue(async () => {
      if (!this.ready) throw this.kind === 'direct' ? ClientError.peerNotReady() : ClientError.notAMember();
      check?.();
      const out = await this.seal(type, msgId, sentAt, content);
      local?.(carry);
      return out;
    });
    // The advanced sending state is stored before the ciphertext leaves: a restart never reuses a message key.
    await this.requestPersist();
    this.rememberOwn(msgId);
    return this.ctx.send(this.id, msgId, sealed.epoch, sealed.payload, expiresAt, carried);
  }

  /**
   * The relay stored one of our messages (its ack, possibly after a reconnect or a restart): the stored record
   * and the log get its offset. The write joins the next coalesced persist (it only records the offset: losing
   * it in a crash costs nothing, the relay's echo or a resend's ack brings the offset again).
   *
   * @param stored - the record was carried by the outbox record and is already stored with its offset (in the
   *   ack's transaction): only the log and the in-memory messages learn the offset.
   */
  onAcked(msgId: string, offset: number, stored = false): void {
    void this.enqueue(async () => {
      if (!this.alive || this.knowsOffset(msgId)) return;
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
        void this.requestPersist().catch((err) => this.ctx.emit('error', err as Error));
    }).catch((err) => this.ctx.emit('error', err as Error));
  }

  /**
   * An own message still in the outbox after a restart, whose outbox record carries its record (it is stored in
   * the history only at its ack): back into the log, so the history shows it as before the restart.
   */
  restorePending(rec: MessageRecord): void {
    if (rec.roomId !== this.id || this.log.has(rec.msgId) || this.contents.has(rec.msgId)) return;
    this.loadRecord(rec);
    this.rememberUnacked(rec);
  }

  /** Whether an own message already has its relay offset here (a second ack is a no-op without a store read). */
  private knowsOffset(msgId: string): boolean {
    const c = this.contents.get(msgId);
    if (c) return c.offset >= 0;
    return this.log.get(msgId)?.offset !== undefined;
  }

  private rememberUnacked(rec: MessageRecord): void {
    this.unacked.set(rec.msgId, rec);
    if (this.unacked.size > OWN_ECHO_MEMORY) this.unacked.delete(this.unacked.keys().next().value as string);
  }

  private rememberSeen(msgId: string): void {
    this.seenIds.add(msgId);
    if (this.seenIds.size > SEEN_MEMORY) this.seenIds.delete(this.seenIds.values().next().value as string);
  }

  /** Remembers an own message id so its echo is skipped (also for the outbox's messages after a restart). */
  rememberOwn(msgId: string): void {
    this.ownEcho.add(msgId);
    if (this.ownEcho.size > OWN_ECHO_MEMORY)
      this.ownEcho.delete(this.ownEcho.values().next().value as string);
  }

  /** Sends this client's display name in an encrypted profile message (no-op without a name). */
  protected async sendProfile(): Promise<void> {
    const name = this.ctx.displayName();
    if (name === undefined || !this.alive || !this.ready) return;
    await this.publish(ContentType.PROFILE, randomId(), Date.now(), profileContent(name));
  }

  /** Sends the profile, reporting a failure as an `error` event. */
  announce(): void {
    this.sendProfile().catch((err) => this.ctx.emit('error', err as Error));
  }

  /**
   * A page of the room's history as shown (edits applied, deletes as tombstones, reactions aggregated), newest
   * first, from the message log (loaded from the encrypted store at start-up).
   */
  async history(options: { before?: number; limit?: number } = {}): Promise<HistoryPage> {
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_PAGE) {
      throw ClientError.invalidArgument('limit', `an integer in 1..${MAX_HISTORY_PAGE}`);
    }
    // Ordered by offset (unacked last), ties in log order then content order (a stable sort); only the page's
    // entries become ChatMessages, so paging through a long history costs a sort per page, not a copy of all.
    type Entry = { key: number; view?: MessageView; content?: ChatMessage };
    const key = (offset: number | undefined) =>
      offset === undefined || offset < 0 ? Number.POSITIVE_INFINITY : offset;
    let all: Entry[] = this.log.list().map((view) => ({ key: key(view.offset), view }));
    for (const content of this.contents.values()) all.push({ key: key(content.offset), content });
    all.sort((a, b) => a.key - b.key);
    const before = options.before;
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

  /** The {@link MemberInfo} of a member id. */
  protected member(id: string): MemberInfo {
    const info: MemberInfo = { id, self: id === this.ctx.selfId };
    const name = info.self ? this.ctx.displayName() : this.meta.names[id];
    if (name !== undefined) info.displayName = name;
    return info;
  }

  /** This client as a member. */
  protected self(): MemberInfo {
    return this.member(this.ctx.selfId);
  }

  /** The member info of an identity. */
  protected memberOf(identity: PublicIdentity): MemberInfo {
    return this.member(formatPublicKey(identity.signingKey));
  }

  /**
   * The safety number between this client and a member, for out-of-band verification.
   * @throws ClientError `CLIENT_UNKNOWN_MEMBER`.
   */
  safetyNumber(memberId: string): SafetyNumber {
    const theirs = this.identityOf(memberId);
    if (!theirs || memberId === this.ctx.selfId) throw ClientError.unknownMember();
    return safetyNumber(
      { identity: this.ctx.identity.publicIdentity, stableId: this.ctx.selfId },
      { identity: theirs, stableId: memberId },
    );
  }

  /** Destroys the room at the relay (creator only) and deletes it here. */
  async destroy(): Promise<void> {
    await this.ctx.relay().destroy(this.id);
    await this.drop();
  }

  /** The room is gone for this client: stop, delete its state and history, forget it. */
  async drop(): Promise<void> {
    if (!this.alive) return;
    this.alive = false;
    if (this.recvTimer) clearTimeout(this.recvTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.ctx.forget(this.id);
    await this.enqueue(() =>
      this.ctx.store.transaction(async (tx) => {
        await tx.rooms.delete(this.id);
        await tx.sessions.delete(this.id);
        await tx.kv.delete(roomMetaKey(this.id));
        await tx.kv.delete(roomPrekeysKey(this.id));
        await tx.messages.deleteRoom(this.id);
      }),
    );
    // its interrupted uploads (records with their file keys) go with it
    await deleteRoomUploads(this.ctx.store, this.id);
  }

  /** Stops timers (the client closes). */
  stop(): void {
    if (this.recvTimer) clearTimeout(this.recvTimer);
    this.recvTimer = undefined;
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  private scheduleRecv(): void {
    if (this.recvTimer) return;
    this.recvTimer = setTimeout(() => {
      this.recvTimer = undefined;
      const next = this.meta.stream?.next ?? 0;
      if (next === 0 || !this.alive) return;
      try {
        this.ctx.relay().recv(this.id, next - 1);
      } catch {
        // not connected: the next join resumes from the cursor anyway
      }
    }, RECV_DELAY_MS);
  }
}

/** The content of a profile message. */
export function profileContent(name: string): Uint8Array {
  return utf8(JSON.stringify({ name }));
}

/** The display name in a profile message, if valid. */
export function parseProfile(content: Uint8Array): string | undefined {
  try {
    const p = JSON.parse(decoder.decode(content)) as { name?: unknown };
    if (typeof p.name === 'string' && p.name.length <= MAX_DISPLAY_NAME_LENGTH) return p.name;
  } catch {
    // not a profile
  }
  return undefined;
}
