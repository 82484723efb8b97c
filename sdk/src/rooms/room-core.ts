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
  type LinkPreviewDraft,
  type MessageContent,
  MessageError,
  type MessageLog,
  type MessageView,
  type PlainMessage,
  type PreviewImage,
  previewContent,
} from '../messages/index.js';
import { type Envelope, fromBase64url, randomId } from '../protocol/index.js';
import type { RelayClient } from '../relay-client/index.js';
import type { MessageRecord, StoreScope } from '../store/index.js';
import { type ContentEnvelope, ContentType, type ContentTypeId } from './content-envelope.js';
import { MAX_DISPLAY_NAME_LENGTH, MAX_HISTORY_PAGE } from './limits.js';
import { decodePayload, type Payload } from './payload.js';
import { encodePendingRecord } from './pending-record.js';
import type { RoomCallConfig } from './room-calls.js';
import { type RoomContext, type RoomMeta, roomMetaKey, roomPrekeysKey } from './room-context.js';
import { type HistoryPage, RoomMessages, STORED_KINDS } from './room-messages.js';
import { loadUploads, mayHaveUploads } from './upload-rooms.js';
import type { UploadStore } from './upload-store.js';

/** Mailbox receipts are batched for this long, in ms. */
const RECV_DELAY_MS = 200;

/**
 * The link-preview fetching code (`link-preview-fetch.ts`), loaded the first time a client with a `linkPreviews`
 * fetcher sends a link: clients without one never load it. `undefined` when it cannot be loaded: the preview is
 * then not sent, as when its fetch fails.
 */
function loadPreviewFetch(): Promise<typeof import('../messages/link-preview-fetch.js') | undefined> {
  return import('../messages/link-preview-fetch.js').catch(() => undefined);
}

/** The marker of an envelope that arrived as an ephemeral signal (no offset, never stored). */
const SIGNAL_OFFSET = -1;

const decoder = new TextDecoder('utf-8', { fatal: true });

export type { HistoryPage } from './room-messages.js';

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
  /** The room's message state: its log, content messages, pending writes, expiry timer (`room-messages.ts`). */
  private readonly messages: RoomMessages;
  private chain: Promise<unknown> = Promise.resolve();
  private recvTimer: ReturnType<typeof setTimeout> | undefined;
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
  ) {
    this.messages = new RoomMessages(id, ctx, {
      isAlive: () => this.alive,
      member: (memberId) => this.member(memberId),
      enqueue: (fn) => this.enqueue(fn),
      persist: () => this.persist(),
      requestPersist: () => this.requestPersist(),
    });
  }

  /** Ids of messages this client published whose echo has not come back yet. */
  protected get ownEcho(): Set<string> {
    return this.messages.ownEcho;
  }

  /** The reduced view of the room's messages (edits, deletes, reactions, receipts, timer). */
  protected get log(): MessageLog {
    return this.messages.log;
  }

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
    } else if (this.messages.isKnown(env.msgId)) {
      // a message seen before (stored twice by the relay): never decrypted twice. The log knows every stored
      // message (the history is loaded into it at start-up), so this needs no store read per delivery.
    } else {
      this.messages.rememberSeen(env.msgId);
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
    const { writes, deletes, emits } = this.messages.takePending();
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
        this.messages.applyMessage(c.msgId, signal ? undefined : env.offset, author, plain, now, c.content);
        return;
      }
      case ContentType.TEXT: {
        if (signal) return;
        const plain: PlainMessage = {
          sentAt: c.sentAt,
          expireAfter: 0,
          content: { kind: 'text', text: decoder.decode(c.content), mentions: [] },
        };
        this.messages.applyMessage(c.msgId, env.offset, author, plain, now);
        return;
      }
      case ContentType.CONTENT: {
        if (signal) return;
        this.messages.applyContent(env.msgId, env.offset, author, c.content, c.sentAt);
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
   * What the ack's transaction stores for an own message its outbox record carried (`rec`, with its offset): the
   * record itself, or a tombstone when the message was deleted while it waited (its text never reaches the store).
   */
  recordForAck(rec: MessageRecord): MessageRecord {
    return this.messages.recordForAck(rec);
  }

  /** Loads the stored history into the message log (at start-up, before any delivery); purges what expired. */
  loadHistory(): Promise<void> {
    return this.messages.loadHistory();
  }

  /** A message view as the API shows it. */
  protected fromView(v: MessageView): ChatMessage {
    return this.messages.fromView(v);
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
      this.messages.addOwnContent(msgId, self, content, sentAt, carry);
    });
    const m = this.messages.contentMessage(msgId, offset ?? -1, self, content, sentAt);
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
        this.messages.applyMessage(msgId, undefined, self, plain, sentAt, bytes, carry);
        queued = this.log.get(msgId);
      },
      expiresAt,
      () => {
        // an edit or reaction asked for before its message was withdrawn, queued after it: never sent
        const target = (content as { target?: unknown }).target;
        if (typeof target === 'string' && this.messages.isWithdrawn(target))
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
      const ids = this.alive ? this.messages.withdrawable(target) : undefined;
      if (!ids) return false;
      if (!(await this.ctx.withdraw(ids))) return false;
      this.messages.withdraw(target, ids);
      await this.persist();
      return true;
    });
  }

  /** A message as the API shows it, if known. */
  message(msgId: string): ChatMessage | undefined {
    return this.messages.message(msgId);
  }

  /** This room's interrupted uploads in the sealed store (their code loads on the first use). */
  async uploads(): Promise<UploadStore> {
    const { ListedUploadStore } = await loadUploads();
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
    void this.enqueue(() => this.messages.acked(msgId, offset, stored)).catch((err) =>
      this.ctx.emit('error', err as Error),
    );
  }

  /**
   * An own message still in the outbox after a restart, whose outbox record carries its record (it is stored in
   * the history only at its ack): back into the log, so the history shows it as before the restart.
   */
  restorePending(rec: MessageRecord): void {
    this.messages.restorePending(rec);
  }

  /** Remembers an own message id so its echo is skipped (also for the outbox's messages after a restart). */
  rememberOwn(msgId: string): void {
    this.messages.rememberOwn(msgId);
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
    return this.messages.page(limit, options.before);
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
    this.messages.stopExpiry();
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
    // its interrupted uploads (records with their file keys) go with it; a room without any loads no upload code
    if (!(await mayHaveUploads(this.ctx.store, this.id))) return;
    const { deleteRoomUploads } = await loadUploads();
    await deleteRoomUploads(this.ctx.store, this.id);
  }

  /** Stops timers (the client closes). */
  stop(): void {
    if (this.recvTimer) clearTimeout(this.recvTimer);
    this.recvTimer = undefined;
    this.messages.stopExpiry();
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
