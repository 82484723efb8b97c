import { CALL_GROUP_SECRET_BYTES, LABEL_CALL_GROUP_SECRET } from '../calls/index.js';
import { concatBytes, equalBytes, u64, utf8 } from '../crypto/bytes.js';
import { type CommitOutput, createMlsMember, loadHpke, MlsGroup, MlsMember } from '../crypto/group/index.js';
import { encodePublicIdentity, formatPublicKey, type PublicIdentity } from '../crypto/identity/index.js';
import { randomBytes } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import type { MemberInfo, RejoinedEvent } from '../events.js';
import { type Envelope, fromBase64url, randomId, toBase64url } from '../protocol/index.js';
import type { RelayClient } from '../relay-client/index.js';
import type { StoreScope } from '../store/index.js';
import {
  ContentType,
  type ContentTypeId,
  decodeSignedContentEnvelope,
  encodeSignedContentEnvelope,
} from './content-envelope.js';
import { exportGroupSecret } from './group-exporter.js';
import { formatInviteLink, type Invite } from './invite-link.js';
import { openInviteMessage, sealedInviteId, sealInviteMessage } from './invite-seal.js';
import {
  type JoinAttempt,
  type JoinAttemptInput,
  type JoinAttemptStep,
  nextJoinAttempt,
  startJoinAttempt,
} from './join-attempt.js';
import {
  DEFAULT_INVITE_TTL_SECONDS,
  INVITE_ID_LENGTH,
  INVITE_SECRET_LENGTH,
  MAX_COMMIT_RETRIES,
  MAX_INVITE_TTL_SECONDS,
} from './limits.js';
import { knownMemberIdentity, verifyMemberIdentity } from './member-identity.js';
import { decodePayload, encodePayload, type Payload, PayloadKind } from './payload.js';
import { checkRejoin, rejoinReq, type StaleLeaf, staleLeafOf } from './rejoin-check.js';
import { REJOIN_NONCE_LENGTH } from './rejoin-request.js';
import { type RoomContext, type RoomMeta, roomPrekeysKey, type StoredInvite } from './room-context.js';
import { RoomCore, type Sealed } from './room-core.js';

type GroupInvite = Extract<Invite, { kind: 'group' }>;

/** Why a member rejoins (see {@link RejoinedEvent}). */
type RejoinReason = RejoinedEvent['reason'];

/**
 * A group room's metadata: the shared {@link RoomMeta} plus, while a rejoin is under way, what the `rejoined`
 * event reports and the stale leaf its proof names (stored with the metadata, so a restart keeps them).
 */
type GroupMeta = RoomMeta & {
  rejoin?: { fromEpoch: number; reason: RejoinReason; stale?: StaleLeaf };
};

interface PendingJoin {
  invite: GroupInvite;
  member: MlsMember;
  req: string;
  buffer: Envelope[];
  resolve(): void;
  reject(err: Error): void;
  /** Set when no caller waits for it (a rejoin, or a join restored after a restart): its state machine. */
  attempt?: JoinAttempt;
  /** The `joinTimeoutMs` timer of a background join. */
  timer?: ReturnType<typeof setTimeout>;
}

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
   * @throws ClientError `CLIENT_JOIN_TIMEOUT`.
   */
  async requestJoin(invite: GroupInvite): Promise<void> {
    const relay = this.ctx.relay();
    // The Welcome needs the HPKE framing (a lazy chunk in the browser builds): fetched while the request travels
    // and a member admits this client. A failed load is forgotten: the join itself loads it again.
    loadHpke().catch(() => undefined);
    const member = await createMlsMember(encodePublicIdentity(this.ctx.identity.publicIdentity));
    const key = await this.ctx.identity.roomAuthKeyAsync(this.id);
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
    // A close before the request is out rejects `done` while nothing awaits it yet (this method then fails on its
    // own step): handled here, so that it never surfaces as an unhandled rejection; the race below still sees it.
    done.catch(() => undefined);
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
    void this.enqueue(async () => this.startRejoin('resume-lost')).catch((err) =>
      this.ctx.emit('error', err as Error),
    );
  }

  /** The metadata with the group room's own fields. */
  private get gmeta(): GroupMeta {
    return this.meta as GroupMeta;
  }

  /**
   * Recovers membership after missed commits (the relay could not resume, or a message comes from a later
   * epoch): drops the stale group state (the history stays) and asks to join again with a fresh key package,
   * sealed under the newest unexpired invite this client holds, with a rejoin proof (signed by the identity key)
   * naming its stale leaf, so the member that re-adds it also removes that leaf. Inside the queue. Once the
   * Welcome arrived: `member` `joined` for this client, then `rejoined`. `error` when no invite is left, and
   * `CLIENT_JOIN_TIMEOUT` when nobody admitted it within `joinTimeoutMs` (the next connect asks again).
   */
  private startRejoin(reason: RejoinReason): void {
    const group = this.group;
    if (!group || this.pending || !this.alive) return;
    const now = Date.now();
    const inv = [...this.meta.invites].reverse().find((i) => i.expiresAt > now);
    if (!inv) {
      this.ctx.emit(
        'error',
        ClientError.undecryptable('group', new Error('missed commits; no invite to rejoin')),
      );
      return;
    }
    let stale: StaleLeaf | undefined;
    try {
      stale = staleLeafOf(group);
    } catch {
      stale = undefined; // no proof: the stale leaf stays (members list each identity once)
    }
    this.gmeta.rejoin = { fromEpoch: Number(group.epoch), reason, ...(stale ? { stale } : {}) };
    this.group = undefined; // stale: it can never decrypt the current epoch
    const invite: GroupInvite = {
      kind: 'group',
      roomId: this.id,
      inviteId: inv.id,
      secret: inv.secret,
      expiresAt: inv.expiresAt,
    };
    const pending = this.background(
      invite,
      undefined as unknown as MlsMember, // set before the request leaves, so before any Welcome can name it
      '',
    );
    void this.sendJoinRequest(pending).catch((err) => {
      if (this.pending === pending) this.pending = undefined;
      this.joinStep(pending, 'stop');
      this.ctx.emit('error', err as Error);
    });
  }

  /** Publishes a key package and the sealed join request (with the rejoin proof) of a rejoin (outside the queue). */
  private async sendJoinRequest(pending: PendingJoin): Promise<void> {
    const relay = this.ctx.relay();
    pending.member = await createMlsMember(encodePublicIdentity(this.ctx.identity.publicIdentity));
    const kp = pending.member.encodedKeyPackage();
    const key = await this.ctx.identity.roomAuthKeyAsync(this.id);
    try {
      await relay.putKeys(key, { kps: [kp] });
    } finally {
      key.destroy();
    }
    const stale = this.gmeta.rejoin?.stale;
    pending.req = stale
      ? await rejoinReq(randomId(), this.id, stale, kp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
          this.ctx.identity.signAsync(m),
        )
      : randomId();
    const { inviteId: id, secret, expiresAt } = pending.invite;
    this.meta.pendingJoin = { id, secret, expiresAt, req: pending.req };
    this.memberToStore = 'write';
    await this.save();
    await this.publishRequest(pending);
  }

  /** Publishes the sealed join request of `pending` (again, after a timeout: same request, same key package). */
  private async publishRequest(pending: PendingJoin): Promise<void> {
    const relay = this.ctx.relay();
    const key = await this.ctx.identity.roomAuthKeyAsync(this.id);
    const owner = toBase64url(key.publicKey);
    key.destroy();
    const body = sealInviteMessage(pending.invite, this.id, { t: 'req', req: pending.req, owner });
    const msgId = randomId();
    this.rememberOwn(msgId);
    await relay.publish(this.id, msgId, 0, encodePayload(PayloadKind.INVITE_SEALED, body));
  }

  /**
   * A join no caller waits for (a rejoin, or a join restored after a restart): completing it emits `member`
   * `joined` for this client (and `rejoined` for a rejoin). Its timeout is the state machine of
   * `join-attempt.ts`: an `error` `CLIENT_JOIN_TIMEOUT` after `joinTimeoutMs`; the join stays pending (a late
   * Welcome still completes it) and the next attach publishes the request again.
   */
  private background(invite: GroupInvite, member: MlsMember, req: string): PendingJoin {
    const pending: PendingJoin = {
      invite,
      member,
      req,
      buffer: [],
      resolve: () => this.ctx.emit('member', { room: this.id, kind: 'joined', member: this.self() }),
      reject: () => undefined,
      attempt: { kind: 'idle' },
    };
    this.pending = pending;
    this.joinStep(pending, startJoinAttempt(false));
    return pending;
  }

  /** Feeds a background join's state machine (`join-attempt.ts`) and carries out the effects. */
  private joinStep(pending: PendingJoin, input: JoinAttemptInput | JoinAttemptStep): void {
    if (!pending.attempt) return;
    const step = typeof input === 'string' ? nextJoinAttempt(pending.attempt, input) : input;
    pending.attempt = step.state;
    const ms = this.ctx.joinTimeoutMs;
    for (const effect of step.effects) {
      if (effect === 'arm-timer' || effect === 'clear-timer') {
        if (pending.timer) clearTimeout(pending.timer);
        pending.timer = undefined;
      }
      if (effect === 'arm-timer') {
        pending.timer = setTimeout(() => {
          pending.timer = undefined;
          if (this.pending === pending && this.alive) this.joinStep(pending, 'timeout');
        }, ms);
      } else if (effect === 'report-timeout') {
        this.ctx.emit('error', ClientError.joinTimeout(ms));
      } else if (effect === 'publish-again') {
        void this.publishRequest(pending).catch((err) => this.ctx.emit('error', err as Error));
      }
    }
  }

  /**
   * Joins the relay room (see {@link RoomCore.attach}); a background join waiting for its Welcome starts its
   * timer (restored), or publishes its request again when it had timed out (a member that missed it, or was
   * offline then, admits it now).
   */
  override async attach(relay: RelayClient): Promise<void> {
    await super.attach(relay);
    const p = this.pending;
    if (p?.attempt && !this.group && this.alive && p.req !== '') this.joinStep(p, 'attach');
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
      attempt: startJoinAttempt(true).state,
    };
    return true;
  }

  /** Stops timers; a join still waiting fails with `CLIENT_CLOSED` (its state stays stored for the restart). */
  override stop(): void {
    super.stop();
    const p = this.pending;
    if (p) this.joinStep(p, 'stop');
    if (p && !this.group) {
      this.pending = undefined;
      p.reject(ClientError.closed());
    }
  }

  /** The room is gone (left, destroyed, removed): besides what every room deletes, its waiting join's timer stops. */
  override async drop(): Promise<void> {
    const p = this.pending;
    if (p) this.joinStep(p, 'stop');
    if (!this.alive) return;
    await super.drop();
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
      this.startRejoin('future-epoch');
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

  private async onSealed(body: Uint8Array): Promise<void> {
    const inviteId = sealedInviteId(body);
    const pending = this.pending;
    if (pending && equalBytes(inviteId, pending.invite.inviteId)) {
      const m = openInviteMessage(pending.invite, this.id, body);
      if (m.t !== 'welcome' || m.req !== pending.req) return;
      this.group = await MlsGroup.join(fromBase64url(m.welcome, 'welcome'), pending.member);
      await this.verifyMembers();
      this.joinStep(pending, 'welcome');
      this.meta.joinedEpoch = Number(this.group.epoch);
      const rejoin = this.gmeta.rejoin;
      delete this.gmeta.rejoin;
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
      if (rejoin) {
        const { fromEpoch, reason } = rejoin;
        this.ctx.emit('rejoined', { room: this.id, fromEpoch, epoch: this.meta.joinedEpoch, reason });
      }
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
    // the commit and its Welcome need the HPKE framing: loaded before the key package is taken from the
    // directory, so a failed load (CRYPTO_NOT_LOADED) leaves it there for another member to admit with
    await loadHpke();
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
    const group = this.group;
    if (!group) return;
    const decision = await checkRejoin(group, this.id, req, keyPackage);
    if (decision.kind === 'refuse') return; // forged, replayed or stale proof: nobody is removed, nobody added
    if (decision.kind === 'replace') {
      // The proven stale leaf goes first (it is then the joiner's only leaf); the add follows. With a lost
      // race the whole admission is retried, and decided again on the new state.
      const removed = await this.commit((g) => g.remove([decision.identity]), true);
      if (!removed) {
        if (attempt < MAX_COMMIT_RETRIES) {
          void this.enqueue(() => this.admit(inv, req, owner, keyPackage, attempt + 1)).catch((err) =>
            this.ctx.emit('error', err as Error),
          );
        }
        return;
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
    const out = await this.commit((g) => g.remove([encodePublicIdentity(who)]), true);
    if (!out && attempt < MAX_COMMIT_RETRIES) {
      void this.enqueue(() => this.removeMember(who, attempt + 1)).catch((err) =>
        this.ctx.emit('error', err as Error),
      );
    }
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
      return (await this.commit((g) => g.update(), true)) !== undefined;
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
   * Makes a commit and publishes it as a handshake message. When the relay refuses it because another commit
   * took the epoch first, the group is rolled back and `undefined` returned (the caller retries later).
   *
   * @param refreshesOwnKeys - the commit carries an UpdatePath from this device's leaf (an update or a removal),
   *   which replaces its keys: {@link RoomMeta.keysUpdatedAt} is stored with the new state.
   */
  private async commit(
    make: (g: MlsGroup) => Promise<CommitOutput>,
    refreshesOwnKeys = false,
  ): Promise<CommitOutput | undefined> {
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
      await this.verifyMembers();
      this.ownEcho.delete(msgId);
      if (err instanceof ClientError && err.relayCode === 'RELAY_STALE_EPOCH') return undefined;
      throw err;
    }
    if (refreshesOwnKeys) this.meta.keysUpdatedAt = Date.now();
    await this.verifyMembers();
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
