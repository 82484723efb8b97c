import { CALL_GROUP_SECRET_BYTES, LABEL_CALL_GROUP_SECRET } from '../calls/index.js';
import { concatBytes, equalBytes, u64, utf8 } from '../crypto/bytes.js';
import { createMlsMember, MlsGroup, MlsMember } from '../crypto/group/index.js';
import { encodePublicIdentity, formatPublicKey, type PublicIdentity } from '../crypto/identity/index.js';
import { randomBytes } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import type { MemberInfo } from '../events.js';
import { type Envelope, randomId } from '../protocol/index.js';
import type { RelayClient } from '../relay-client/index.js';
import type { StoreScope } from '../store/index.js';
import {
  ContentType,
  type ContentTypeId,
  decodeSignedContentEnvelope,
  encodeSignedContentEnvelope,
} from './content-envelope.js';
import { exportGroupSecret } from './group-exporter.js';
import type {
  GroupInvite,
  GroupMeta,
  GroupRoomInternals,
  PendingJoin,
  RejoinReason,
} from './group-room-internals.js';
import { formatInviteLink } from './invite-link.js';
import {
  DEFAULT_INVITE_TTL_SECONDS,
  INVITE_ID_LENGTH,
  INVITE_SECRET_LENGTH,
  MAX_INVITE_TTL_SECONDS,
} from './limits.js';
import { loadedMembership, loadMembership, loadMembershipForMessage } from './load-membership.js';
import { knownMemberIdentity, verifyMemberIdentity } from './member-identity.js';
import { encodePayload, type Payload, PayloadKind } from './payload.js';
import { type RoomContext, type RoomMeta, roomPrekeysKey, type StoredInvite } from './room-context.js';
import { RoomCore, type Sealed } from './room-core.js';

/** Errors after which an automatic key update simply waits for the next send (not reported). */
const RETRY_LATER: ReadonlySet<string> = new Set([
  'CLIENT_NOT_CONNECTED',
  'CLIENT_NOT_A_MEMBER',
  'CLIENT_CLOSED',
]);

/** An invite message's content: inviteId (8) || expiresAt (u64, ms) || secret (32). */
function inviteContent(inv: StoredInvite): Uint8Array {
  return concatBytes(inv.id, u64(inv.expiresAt), inv.secret);
}

function parseInviteContent(c: Uint8Array): StoredInvite | undefined {
  if (c.length !== INVITE_ID_LENGTH + 8 + INVITE_SECRET_LENGTH) return undefined;
  const expiresAt = Number(new DataView(c.buffer, c.byteOffset + INVITE_ID_LENGTH, 8).getBigUint64(0));
  return { id: c.slice(0, INVITE_ID_LENGTH), expiresAt, secret: c.slice(INVITE_ID_LENGTH + 8) };
}

/**
 * A group room on MLS (RFC 9420, via the crypto core's `MlsGroup`). Handshake messages (commits) are
 * published with `hs` so the relay orders them against the group epoch; a commit that loses the race is rolled
 * back and retried after the winner is applied. Joiners are admitted by any member holding the invite the
 * joiner proved knowledge of (its request is sealed under the invite secret).
 *
 * Joining, rejoining, admitting, removing members and key updates are in `group-membership.ts`, loaded the first
 * time one of them runs (`load-membership.ts`): opening the room, its messages, its members, creating an invite
 * link and leaving need none of it. The room hands that code its internals ({@link GroupRoom.internals}).
 */
export class GroupRoom extends RoomCore {
  private group: MlsGroup | undefined;
  private pending: PendingJoin | undefined;
  /** What the next persist does with the pending join's stored key package. */
  private memberToStore: 'write' | 'delete' | undefined;

  /**
   * @param id - room id. @param ctx - the client. @param meta - metadata. @param joinedAt - ms.
   * @param group - the MLS state (absent while a join waits for its welcome).
   */
  constructor(id: string, ctx: RoomContext, meta: RoomMeta, joinedAt: number, group?: MlsGroup) {
    super(id, ctx, meta, joinedAt);
    this.group = group;
  }

  /** Creates a group with this client alone. */
  static async create(id: string, ctx: RoomContext, meta: RoomMeta): Promise<GroupRoom> {
    const member = await createMlsMember(encodePublicIdentity(ctx.identity.publicIdentity));
    const group = await MlsGroup.create(utf8(id), member);
    meta.joinedEpoch = 0;
    const room = new GroupRoom(id, ctx, meta, Date.now(), group);
    await room.verifyMembers();
    return room;
  }

  get ready(): boolean {
    return this.group?.active === true && this.alive;
  }

  members(): MemberInfo[] {
    return this.identities().map((p) => this.memberOf(p));
  }

  private identityCache: { group: MlsGroup; epoch: bigint; list: PublicIdentity[] } | undefined;

  /**
   * Verifies the members' identities (asynchronously, each encoding once per process: `member-identity.ts`) and
   * lists them for {@link GroupRoom.identities}. Awaited wherever the group changes (created, restored, joined, a
   * commit processed, made or rolled back), so the synchronous readers find every member verified.
   */
  private async verifyMembers(): Promise<void> {
    const group = this.group;
    if (!group) return;
    const epoch = group.epoch;
    const creds = group.members().filter((c): c is Uint8Array => c !== undefined);
    const verified = await Promise.allSettled(creds.map((c) => verifyMemberIdentity(c)));
    const out: PublicIdentity[] = [];
    for (const r of verified) {
      // a credential that is not a CrypTalk identity (or not signed): not listed
      if (r.status !== 'fulfilled') continue;
      const p = r.value;
      // a member that rejoined after missing commits may have a stale leaf beside its new one: listed once
      if (!out.some((q) => equalBytes(q.signingKey, p.signingKey))) out.push(p);
    }
    if (this.group === group && group.epoch === epoch) this.identityCache = { group, epoch, list: out };
  }

  /**
   * The members' public identities, as {@link GroupRoom.verifyMembers} verified them for the current group
   * state. Should the state be one it has not seen, the identities verified so far: one never verified is not
   * listed.
   */
  private identities(): PublicIdentity[] {
    const group = this.group;
    const c = this.identityCache;
    if (group && c && c.group === group && c.epoch === group.epoch) return c.list;
    const out: PublicIdentity[] = [];
    for (const cred of group?.members() ?? []) {
      const p = cred && knownMemberIdentity(cred);
      if (p && !out.some((q) => equalBytes(q.signingKey, p.signingKey))) out.push(p);
    }
    return out;
  }

  protected identityOf(memberId: string): PublicIdentity | undefined {
    return this.identities().find((p) => formatPublicKey(p.signingKey) === memberId);
  }

  protected async saveState(tx: StoreScope): Promise<void> {
    const record: { id: string; joinedAt: number; name?: string; state?: Uint8Array; lastOffset?: number } = {
      id: this.id,
      joinedAt: this.joinedAt,
    };
    if (this.meta.name !== undefined) record.name = this.meta.name;
    if (this.group) record.state = this.group.serialize();
    if (this.meta.stream) record.lastOffset = this.meta.stream.next - 1;
    await tx.rooms.put(record);
    if (this.memberToStore === 'write' && this.pending) {
      const bytes = this.pending.member.serialize();
      try {
        await tx.kv.set(roomPrekeysKey(this.id), bytes); // sealed before it is written
      } finally {
        bytes.fill(0);
      }
    } else if (this.memberToStore === 'delete') {
      await tx.kv.delete(roomPrekeysKey(this.id));
    }
  }

  protected async seal(
    type: ContentTypeId,
    msgId: string,
    sentAt: number,
    content: Uint8Array,
  ): Promise<Sealed> {
    const group = this.group;
    if (!group) throw ClientError.notAMember();
    const plain = await encodeSignedContentEnvelope(
      { type, msgId, sentAt, content },
      { identity: this.ctx.identity, roomId: this.id, epoch: group.epoch },
    );
    const message = await group.encrypt(plain);
    return { payload: encodePayload(PayloadKind.MLS, message), epoch: Number(group.epoch) };
  }

  /**
   * Asks to join with a group invite and waits for a member to admit this client.
   * @throws ClientError `CLIENT_JOIN_TIMEOUT`; CryptoError `CRYPTO_NOT_LOADED` when the membership code (a lazy
   *   chunk in the browser builds) could not be loaded (the next join tries again).
   */
  async requestJoin(invite: GroupInvite): Promise<void> {
    return (await loadMembership()).requestJoin(this.internals(), invite);
  }

  protected override resumeLost(): void {
    void this.enqueue(async () => this.startRejoin('resume-lost')).catch((err) =>
      this.ctx.emit('error', err as Error),
    );
  }

  /**
   * Starts a rejoin after missed commits (`group-membership.ts`, `startRejoin`), inside the queue, once the
   * membership code has loaded (tried again after a failed download, as for a received commit).
   */
  private async startRejoin(reason: RejoinReason): Promise<void> {
    if (!this.group || this.pending || !this.alive) return;
    (await loadMembershipForMessage()).startRejoin(this.internals(), reason);
  }

  private internalsView: GroupRoomInternals | undefined;

  /**
   * What the membership code (`group-membership.ts`) works on: this room's state and services (see
   * {@link GroupRoomInternals}), made once.
   */
  private internals(): GroupRoomInternals {
    if (this.internalsView) return this.internalsView;
    const room = this;
    this.internalsView = {
      id: this.id,
      ctx: this.ctx,
      meta: this.gmeta,
      get alive() {
        return room.alive;
      },
      get ready() {
        return room.ready;
      },
      get group() {
        return room.group;
      },
      set group(group) {
        room.group = group;
      },
      get pending() {
        return room.pending;
      },
      set pending(pending) {
        room.pending = pending;
      },
      get memberToStore() {
        return room.memberToStore;
      },
      set memberToStore(what) {
        room.memberToStore = what;
      },
      enqueue: (fn) => this.enqueue(fn),
      save: () => this.save(),
      persist: () => this.persist(),
      rememberOwn: (msgId) => this.rememberOwn(msgId),
      forgetOwn: (msgId) => void this.ownEcho.delete(msgId),
      verifyMembers: () => this.verifyMembers(),
      identities: () => this.identities(),
      identityOf: (memberId) => this.identityOf(memberId),
      self: () => this.self(),
      announce: () => this.announce(),
      membershipChanged: (before) => this.membershipChanged(before),
      handle: (env, payload) => this.handle(env, payload),
    };
    return this.internalsView;
  }

  /** The metadata with the group room's own fields. */
  private get gmeta(): GroupMeta {
    return this.meta as GroupMeta;
  }

  /**
   * Joins the relay room (see {@link RoomCore.attach}); a background join waiting for its Welcome starts its
   * timer (restored), or publishes its request again when it had timed out (a member that missed it, or was
   * offline then, admits it now).
   */
  override async attach(relay: RelayClient): Promise<void> {
    await super.attach(relay);
    const p = this.pending;
    if (!p?.attempt || this.group || !this.alive || p.req === '') return;
    const membership = await loadMembership();
    if (this.pending === p && !this.group && this.alive) membership.joinStep(this.internals(), p, 'attach');
  }

  /**
   * After a restart: verifies the restored group's member identities (see {@link GroupRoom.verifyMembers}), then
   * loads the stored history like every room.
   */
  override async loadHistory(): Promise<void> {
    await this.verifyMembers();
    await super.loadHistory();
  }

  /**
   * After a restart: the join this client was waiting for, with its key package from the store (the caller
   * zeroes `memberState`). The Welcome, when it arrives, completes it (`member` event `joined` for this client,
   * and `rejoined` when it was a rejoin); its timeout starts when the room attaches.
   */
  restorePendingJoin(memberState: Uint8Array): boolean {
    const p = this.meta.pendingJoin;
    if (this.group || !p) return false;
    const member = MlsMember.deserialize(memberState);
    const invite: GroupInvite = {
      kind: 'group',
      roomId: this.id,
      inviteId: p.id,
      secret: p.secret,
      expiresAt: p.expiresAt,
    };
    this.pending = {
      invite,
      member,
      req: p.req,
      buffer: [],
      resolve: () => this.ctx.emit('member', { room: this.id, kind: 'joined', member: this.self() }),
      reject: () => undefined,
      // `startJoinAttempt(true)` of `join-attempt.ts` (which loads with the membership code): its timer starts
      // when the room attaches
      attempt: { kind: 'idle' },
    };
    return true;
  }

  /** Stops timers; a join still waiting fails with `CLIENT_CLOSED` (its state stays stored for the restart). */
  override stop(): void {
    super.stop();
    const p = this.pending;
    if (p) this.stopJoin(p);
    if (p && !this.group) {
      this.pending = undefined;
      p.reject(ClientError.closed());
    }
  }

  /** The room is gone (left, destroyed, removed): besides what every room deletes, its waiting join's timer stops. */
  override async drop(): Promise<void> {
    const p = this.pending;
    if (p) this.stopJoin(p);
    if (!this.alive) return;
    await super.drop();
  }

  /**
   * Stops a background join's state machine (its timer). Before the membership code loaded, nothing of it ran:
   * the join is still in its first state, with no timer.
   */
  private stopJoin(p: PendingJoin): void {
    loadedMembership()?.joinStep(this.internals(), p, 'stop');
  }

  protected override persisted(): void {
    this.memberToStore = undefined;
  }

  protected async handle(env: Envelope, payload: Payload): Promise<void> {
    if (RoomCore.isSignal(env)) return this.handleSignal(env, payload);
    // A join request or a Welcome: only sent with a join or a rejoin, whose commit loads the same chunk
    if (payload.kind === PayloadKind.INVITE_SEALED)
      return (await loadMembershipForMessage()).onSealed(this.internals(), payload.body);
    if (payload.kind !== PayloadKind.MLS) throw ClientError.undecryptable('group payload');
    const group = this.group;
    if (!group) {
      this.pending?.buffer.push(env);
      return;
    }
    if (env.epoch < (this.meta.joinedEpoch ?? 0)) return; // from before this client joined
    if (env.hs && BigInt(env.epoch) < group.epoch) return; // a commit already applied (e.g. our own, before a restart)
    if (BigInt(env.epoch) > group.epoch) {
      // Sent in an epoch this client never reached: it missed a commit it can no longer get. Rejoin.
      await this.startRejoin('future-epoch');
      this.pending?.buffer.push(env);
      return;
    }
    const before = this.identities();
    const ev = await group.process(payload.body);
    if (ev.kind === 'commit') {
      if (ev.removed) {
        this.ctx.emit('room', { room: this.id, kind: 'removed' });
        this.leaveRelay();
        void this.drop();
        return;
      }
      await this.verifyMembers();
      this.membershipChanged(before);
      return;
    }
    if (ev.kind !== 'application') return;
    const c = await decodeSignedContentEnvelope(ev.plaintext, { roomId: this.id, epoch: ev.epoch });
    const author =
      c.author && this.identities().find((p) => equalBytes(p.signingKey, c.author as Uint8Array));
    if (!author) throw ClientError.undecryptable('group', new Error('author is not a member'));
    const info = this.memberOf(author);
    if (c.type === ContentType.INVITE) {
      const inv = parseInviteContent(c.content);
      if (inv && !this.meta.invites.some((i) => equalBytes(i.id, inv.id))) this.meta.invites.push(inv);
      return;
    }
    if (c.type === ContentType.LEAVE) {
      void this.enqueue(async () =>
        (await loadMembershipForMessage()).removeMember(this.internals(), author, 0),
      ).catch((err) => this.ctx.emit('error', err as Error));
      return;
    }
    this.received(env, c, info);
  }

  /**
   * The MLS exporter secret of the current epoch under `LABEL_CALL_GROUP_SECRET`, context = the room id
   * (read in the queue, so it is the epoch of everything processed so far).
   */
  override async callGroupSecret(): Promise<Uint8Array | undefined> {
    return this.enqueue(async () => {
      const group = this.group;
      if (!group || !this.alive) return undefined;
      return exportGroupSecret(group, LABEL_CALL_GROUP_SECRET, utf8(this.id), CALL_GROUP_SECRET_BYTES);
    });
  }

  /**
   * A signal (typing) is an MLS application message outside the relay's order: anything else in it (a commit)
   * must not change the group, so the state is restored when it is not an application message.
   */
  private async handleSignal(env: Envelope, payload: Payload): Promise<void> {
    const group = this.group;
    if (!group || payload.kind !== PayloadKind.MLS) return;
    const snapshot = group.serialize();
    let ev: Awaited<ReturnType<MlsGroup['process']>>;
    try {
      ev = await group.process(payload.body);
    } catch {
      this.group = MlsGroup.deserialize(snapshot);
      await this.verifyMembers();
      return;
    }
    if (ev.kind !== 'application') {
      this.group = MlsGroup.deserialize(snapshot);
      await this.verifyMembers();
      return;
    }
    const c = await decodeSignedContentEnvelope(ev.plaintext, { roomId: this.id, epoch: ev.epoch });
    const author =
      c.author && this.identities().find((p) => equalBytes(p.signingKey, c.author as Uint8Array));
    if (!author || (c.type !== ContentType.MESSAGE && c.type !== ContentType.CALL)) return;
    this.received(env, c, this.memberOf(author));
  }

  private leaveRelay(): void {
    try {
      this.ctx
        .relay()
        .leave(this.id)
        .catch(() => undefined);
    } catch {
      // not connected
    }
  }

  private membershipChanged(before: PublicIdentity[]): void {
    const after = this.identities();
    const has = (list: PublicIdentity[], p: PublicIdentity) =>
      list.some((q) => equalBytes(q.signingKey, p.signingKey));
    let added = false;
    for (const p of after) {
      if (!has(before, p)) {
        added = true;
        this.ctx.emit('member', { room: this.id, kind: 'joined', member: this.memberOf(p) });
      }
    }
    for (const p of before) {
      if (!has(after, p)) this.ctx.emit('member', { room: this.id, kind: 'left', member: this.memberOf(p) });
    }
    if (added) this.announce();
  }

  /**
   * Replaces this device's own keys in the group: an MLS update commit (a new leaf key and new secrets on its
   * path to the root), so keys taken from this device earlier no longer open later messages.
   *
   * @returns true once the commit is in; false when another member's commit took the epoch first (the next
   *   send tries again, when {@link RoomContext.keyUpdateIntervalMs} says the keys are due).
   * @throws ClientError `CLIENT_NOT_A_MEMBER`; `CLIENT_NOT_CONNECTED` (a commit is never queued offline).
   */
  override updateKeys(): Promise<boolean> {
    return this.enqueue(async () => {
      if (!this.ready) throw ClientError.notAMember();
      return (await loadMembership()).updateKeys(this.internals());
    });
  }

  /** Whether this device's own keys are older than the client's key-update interval. */
  private keysDue(): boolean {
    const interval = this.ctx.keyUpdateIntervalMs;
    if (interval === false || !this.ready) return false;
    return Date.now() - (this.meta.keysUpdatedAt ?? this.joinedAt) >= interval;
  }

  /** An automatic key update is queued or running (one at a time). */
  private keyUpdateRunning = false;

  /**
   * Publishes like every room, then, when the message reached the relay and this device's keys are due,
   * queues an update of them behind it (after the message, so it is sealed in the epoch the others are in).
   */
  protected override async publish(...args: Parameters<RoomCore['publish']>): Promise<number | undefined> {
    const offset = await super.publish(...args);
    if (offset !== undefined && !this.keyUpdateRunning && this.keysDue()) {
      this.keyUpdateRunning = true;
      this.updateKeys()
        .catch((err) => {
          // offline or left meanwhile: the next send tries again
          if (!(err instanceof ClientError && RETRY_LATER.has(err.code)))
            this.ctx.emit('error', err as Error);
        })
        .finally(() => {
          this.keyUpdateRunning = false;
        });
    }
    return offset;
  }

  /**
   * A new invite link, shared with every member (so any of them can admit its holders) in an encrypted message.
   */
  async invite(ttlSeconds = DEFAULT_INVITE_TTL_SECONDS): Promise<string> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_INVITE_TTL_SECONDS) {
      throw ClientError.invalidArgument('ttlSeconds', `an integer in 1..${MAX_INVITE_TTL_SECONDS}`);
    }
    const inv: StoredInvite = {
      id: randomBytes(INVITE_ID_LENGTH),
      secret: randomBytes(INVITE_SECRET_LENGTH),
      expiresAt: Date.now() + ttlSeconds * 1000,
    };
    await this.publish(ContentType.INVITE, randomId(), Date.now(), inviteContent(inv));
    await this.enqueue(async () => {
      this.meta.invites.push(inv);
      await this.persist();
    });
    return formatInviteLink(this.ctx.inviteBase, {
      kind: 'group',
      roomId: this.id,
      inviteId: inv.id,
      secret: inv.secret,
      expiresAt: inv.expiresAt,
    });
  }

  /** Tells the group this client leaves (a member commits its removal), leaves the relay room, deletes it here. */
  async leave(): Promise<void> {
    if (this.ready) {
      await this.publish(ContentType.LEAVE, randomId(), Date.now(), new Uint8Array(0)).catch(() => undefined);
    }
    try {
      await this.ctx.relay().leave(this.id);
    } catch {
      // not connected: the relay forgets the membership with the room
    }
    await this.drop();
  }
}
