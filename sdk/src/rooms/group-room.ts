import { CALL_GROUP_SECRET_BYTES, LABEL_CALL_GROUP_SECRET } from '../calls/index.js';
import { concatBytes, equalBytes, u64, utf8 } from '../crypto/bytes.js';
import { type CommitOutput, createMlsMember, MlsGroup, MlsMember } from '../crypto/group/index.js';
import { encodePublicIdentity, formatPublicKey, type PublicIdentity } from '../crypto/identity/index.js';
import { randomBytes } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import type { MemberInfo } from '../events.js';
import { type Envelope, fromBase64url, randomId, toBase64url } from '../protocol/index.js';
import type { StoreScope } from '../store/index.js';
import {
  ContentType,
  type ContentTypeId,
  decodeContentEnvelope,
  encodeContentEnvelope,
} from './content-envelope.js';
import { exportGroupSecret } from './group-exporter.js';
import { formatInviteLink, type Invite } from './invite-link.js';
import { openInviteMessage, sealedInviteId, sealInviteMessage } from './invite-seal.js';
import {
  DEFAULT_INVITE_TTL_SECONDS,
  INVITE_ID_LENGTH,
  INVITE_SECRET_LENGTH,
  MAX_COMMIT_RETRIES,
  MAX_INVITE_TTL_SECONDS,
} from './limits.js';
import { decodePayload, encodePayload, type Payload, PayloadKind } from './payload.js';
import { type RoomContext, type RoomMeta, roomPrekeysKey, type StoredInvite } from './room-context.js';
import { RoomCore, type Sealed } from './room-core.js';

type GroupInvite = Extract<Invite, { kind: 'group' }>;

interface PendingJoin {
  invite: GroupInvite;
  member: MlsMember;
  req: string;
  buffer: Envelope[];
  resolve(): void;
  reject(err: Error): void;
}

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
    return new GroupRoom(id, ctx, meta, Date.now(), group);
  }

  get ready(): boolean {
    return this.group?.active === true && this.alive;
  }

  members(): MemberInfo[] {
    return this.identities().map((p) => this.memberOf(p));
  }

  private identityCache: { group: MlsGroup; epoch: bigint; list: PublicIdentity[] } | undefined;

  /** The members' public identities (decoded and verified once per epoch). */
  private identities(): PublicIdentity[] {
    const group = this.group;
    const c = this.identityCache;
    if (group && c && c.group === group && c.epoch === group.epoch) return c.list;
    const out: PublicIdentity[] = [];
    for (const cred of group?.members() ?? []) {
      if (!cred) continue;
      try {
        const p = RoomCore.decodeIdentity(cred);
        // a member that rejoined after missing commits may have a stale leaf beside its new one: listed once
        if (!out.some((q) => equalBytes(q.signingKey, p.signingKey))) out.push(p);
      } catch {
        // a credential that is not a CrypTalk identity: not listed
      }
    }
    if (group) this.identityCache = { group, epoch: group.epoch, list: out };
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
    const plain = encodeContentEnvelope(
      { type, msgId, sentAt, content },
      { identity: this.ctx.identity, roomId: this.id, epoch: group.epoch },
    );
    const message = await group.encrypt(plain);
    return { payload: encodePayload(PayloadKind.MLS, message), epoch: Number(group.epoch) };
  }

  /**
   * Asks to join with a group invite and waits for a member to admit this client.
   * @throws ClientError `CLIENT_JOIN_TIMEOUT`.
   */
  async requestJoin(invite: GroupInvite): Promise<void> {
    const relay = this.ctx.relay();
    const member = await createMlsMember(encodePublicIdentity(this.ctx.identity.publicIdentity));
    const key = this.ctx.identity.roomAuthKey(this.id);
    const owner = toBase64url(key.publicKey);
    try {
      await relay.putKeys(key, { kps: [member.encodedKeyPackage()] });
    } finally {
      key.destroy();
    }
    const req = randomId();
    const done = new Promise<void>((resolve, reject) => {
      this.pending = { invite, member, req, buffer: [], resolve, reject };
    });
    // Stored (sealed) before the request leaves: a client closed while it waits completes the join after a
    // restart, when the Welcome arrives in the room's backlog.
    this.meta.pendingJoin = { id: invite.inviteId, secret: invite.secret, expiresAt: invite.expiresAt, req };
    this.memberToStore = 'write';
    await this.save();
    const body = sealInviteMessage(invite, this.id, { t: 'req', req, owner });
    const msgId = randomId();
    this.rememberOwn(msgId);
    await relay.publish(this.id, msgId, 0, encodePayload(PayloadKind.INVITE_SEALED, body));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(ClientError.joinTimeout(this.ctx.joinTimeoutMs)),
        this.ctx.joinTimeoutMs,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      if (this.pending?.req === req && this.alive) this.pending = undefined;
    }
  }

  protected override resumeLost(): void {
    void this.enqueue(async () => this.startRejoin()).catch((err) => this.ctx.emit('error', err as Error));
  }

  /**
   * Recovers membership after missed commits (the relay could not resume, or a message comes from a later
   * epoch): drops the stale group state (the history stays) and asks to join again with a fresh key package,
   * sealed under the newest unexpired invite this client holds; any member admits it as any joiner. Inside the
   * queue. Emits `member` `joined` for this client once the Welcome arrived; `error` when no invite is left.
   */
  private startRejoin(): void {
    if (!this.group || this.pending || !this.alive) return;
    const now = Date.now();
    const inv = [...this.meta.invites].reverse().find((i) => i.expiresAt > now);
    if (!inv) {
      this.ctx.emit(
        'error',
        ClientError.undecryptable('group', new Error('missed commits; no invite to rejoin')),
      );
      return;
    }
    this.group = undefined; // stale: it can never decrypt the current epoch
    const invite: GroupInvite = {
      kind: 'group',
      roomId: this.id,
      inviteId: inv.id,
      secret: inv.secret,
      expiresAt: inv.expiresAt,
    };
    const pending: PendingJoin = {
      invite,
      member: undefined as unknown as MlsMember, // set below, before any Welcome can name this request
      req: randomId(),
      buffer: [],
      resolve: () => this.ctx.emit('member', { room: this.id, kind: 'joined', member: this.self() }),
      reject: () => undefined,
    };
    this.pending = pending;
    void this.sendJoinRequest(pending).catch((err) => {
      if (this.pending === pending) this.pending = undefined;
      this.ctx.emit('error', err as Error);
    });
  }

  /** Publishes a key package and the sealed join request of a rejoin (outside the queue). */
  private async sendJoinRequest(pending: PendingJoin): Promise<void> {
    const relay = this.ctx.relay();
    pending.member = await createMlsMember(encodePublicIdentity(this.ctx.identity.publicIdentity));
    const key = this.ctx.identity.roomAuthKey(this.id);
    const owner = toBase64url(key.publicKey);
    try {
      await relay.putKeys(key, { kps: [pending.member.encodedKeyPackage()] });
    } finally {
      key.destroy();
    }
    const { inviteId: id, secret, expiresAt } = pending.invite;
    this.meta.pendingJoin = { id, secret, expiresAt, req: pending.req };
    this.memberToStore = 'write';
    await this.save();
    const body = sealInviteMessage(pending.invite, this.id, { t: 'req', req: pending.req, owner });
    const msgId = randomId();
    this.rememberOwn(msgId);
    await relay.publish(this.id, msgId, 0, encodePayload(PayloadKind.INVITE_SEALED, body));
  }

  /**
   * After a restart: the join this client was waiting for, with its key package from the store (the caller
   * zeroes `memberState`). The Welcome, when it arrives, completes it (`member` event `joined` for this client).
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
    };
    return true;
  }

  /** Stops timers; a join still waiting fails with `CLIENT_CLOSED` (its state stays stored for the restart). */
  override stop(): void {
    super.stop();
    const p = this.pending;
    if (p && !this.group) {
      this.pending = undefined;
      p.reject(ClientError.closed());
    }
  }

  protected override persisted(): void {
    this.memberToStore = undefined;
  }

  protected async handle(env: Envelope, payload: Payload): Promise<void> {
    if (RoomCore.isSignal(env)) return this.handleSignal(env, payload);
    if (payload.kind === PayloadKind.INVITE_SEALED) return this.onSealed(payload.body);
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
      this.startRejoin();
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
      this.membershipChanged(before);
      return;
    }
    if (ev.kind !== 'application') return;
    const c = decodeContentEnvelope(ev.plaintext, { roomId: this.id, epoch: ev.epoch });
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
      void this.enqueue(() => this.removeMember(author, 0)).catch((err) =>
        this.ctx.emit('error', err as Error),
      );
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
      return;
    }
    if (ev.kind !== 'application') {
      this.group = MlsGroup.deserialize(snapshot);
      return;
    }
    const c = decodeContentEnvelope(ev.plaintext, { roomId: this.id, epoch: ev.epoch });
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

  private async onSealed(body: Uint8Array): Promise<void> {
    const inviteId = sealedInviteId(body);
    const pending = this.pending;
    if (pending && equalBytes(inviteId, pending.invite.inviteId)) {
      const m = openInviteMessage(pending.invite, this.id, body);
      if (m.t !== 'welcome' || m.req !== pending.req) return;
      this.group = await MlsGroup.join(fromBase64url(m.welcome, 'welcome'), pending.member);
      this.meta.joinedEpoch = Number(this.group.epoch);
      const { inviteId: id, secret, expiresAt } = pending.invite;
      if (!this.meta.invites.some((i) => equalBytes(i.id, id)))
        this.meta.invites.push({ id, secret, expiresAt });
      delete this.meta.pendingJoin;
      this.memberToStore = 'delete'; // the key package is used: deleted with the new group state
      for (const env of pending.buffer) {
        try {
          await this.handle(env, decodePayload(fromBase64url(env.ct, 'ct')));
        } catch {
          // from an epoch before this client was added
        }
      }
      pending.buffer = [];
      await this.persist();
      pending.resolve();
      this.announce();
      return;
    }
    if (!this.group) return;
    const inv = this.meta.invites.find((i) => equalBytes(i.id, inviteId));
    if (!inv) return;
    const m = openInviteMessage({ inviteId: inv.id, secret: inv.secret }, this.id, body);
    if (m.t !== 'req' || inv.expiresAt < Date.now()) return;
    void this.enqueue(() => this.admit(inv, m.req, m.owner, undefined, 0)).catch((err) =>
      this.ctx.emit('error', err as Error),
    );
  }

  /** Adds a joiner: takes its key package from the directory (one member wins it), commits, sends the welcome. */
  private async admit(
    inv: StoredInvite,
    req: string,
    owner: string,
    kp: Uint8Array | undefined,
    attempt: number,
  ): Promise<void> {
    if (!this.ready) return;
    let keyPackage = kp;
    if (!keyPackage) {
      try {
        const keys = await this.ctx.relay().getKeys(owner, 'kp');
        if (keys.kp === undefined) return;
        keyPackage = fromBase64url(keys.kp, 'kp');
      } catch {
        return; // another member took it (or the relay has none): that member admits
      }
    }
    const out = await this.commit((g) => g.add([keyPackage]));
    if (!out) {
      if (attempt < MAX_COMMIT_RETRIES) {
        void this.enqueue(() => this.admit(inv, req, owner, keyPackage, attempt + 1)).catch((err) =>
          this.ctx.emit('error', err as Error),
        );
      }
      return;
    }
    if (!out.welcome) return;
    const body = sealInviteMessage({ inviteId: inv.id, secret: inv.secret }, this.id, {
      t: 'welcome',
      req,
      welcome: toBase64url(out.welcome),
    });
    const msgId = randomId();
    this.rememberOwn(msgId);
    await this.ctx
      .relay()
      .publish(
        this.id,
        msgId,
        Number(this.group?.epoch ?? 0),
        encodePayload(PayloadKind.INVITE_SEALED, body),
      );
  }

  private async removeMember(who: PublicIdentity, attempt: number): Promise<void> {
    if (!this.ready || !this.identityOf(formatPublicKey(who.signingKey))) return;
    const out = await this.commit((g) => g.remove([encodePublicIdentity(who)]));
    if (!out && attempt < MAX_COMMIT_RETRIES) {
      void this.enqueue(() => this.removeMember(who, attempt + 1)).catch((err) =>
        this.ctx.emit('error', err as Error),
      );
    }
  }

  /**
   * Makes a commit and publishes it as a handshake message. When the relay refuses it because another commit
   * took the epoch first, the group is rolled back and `undefined` returned (the caller retries later).
   */
  private async commit(make: (g: MlsGroup) => Promise<CommitOutput>): Promise<CommitOutput | undefined> {
    const group = this.group;
    if (!group) throw ClientError.notAMember();
    const snapshot = group.serialize();
    const epoch = group.epoch;
    const before = this.identities();
    const out = await make(group);
    const msgId = randomId();
    this.rememberOwn(msgId);
    try {
      await this.ctx
        .relay()
        .publish(this.id, msgId, Number(epoch), encodePayload(PayloadKind.MLS, out.commit), true);
    } catch (err) {
      this.group = MlsGroup.deserialize(snapshot);
      this.ownEcho.delete(msgId);
      if (err instanceof ClientError && err.relayCode === 'RELAY_STALE_EPOCH') return undefined;
      throw err;
    }
    await this.persist();
    this.membershipChanged(before);
    return out;
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
