/**
 * A group room's membership, loaded on first use (`load-membership.ts`): joining with an invite and rejoining
 * after missed commits (a background join's timeout is the state machine of `join-attempt.ts`), admitting
 * joiners from their sealed requests (`invite-seal.ts`, with the rejoin proofs of `rejoin-check.ts`), removing
 * members and updating this device's keys. Each works on the room through
 * {@link GroupRoomInternals}, inside the room's queue where the room's method was.
 *
 * Commits are published with `hs` so the relay orders them against the group epoch; a commit that loses the race
 * is rolled back and retried after the winner is applied. Joiners are admitted by any member holding the invite
 * the joiner proved knowledge of (its request is sealed under the invite secret).
 *
 * @module
 */
import { equalBytes } from '../crypto/bytes.js';
import {
  type CommitOutput,
  createMlsMember,
  loadHpke,
  MlsGroup,
  type MlsMember,
} from '../crypto/group/index.js';
import { encodePublicIdentity, formatPublicKey, type PublicIdentity } from '../crypto/identity/index.js';
import { randomBytes } from '../crypto/primitives/index.js';
import { ClientError } from '../errors.js';
import { fromBase64url, randomId, toBase64url } from '../protocol/index.js';
import type { GroupInvite, GroupRoomInternals, PendingJoin, RejoinReason } from './group-room-internals.js';
import { openInviteMessage, sealedInviteId, sealInviteMessage } from './invite-seal.js';
import {
  type JoinAttemptInput,
  type JoinAttemptStep,
  nextJoinAttempt,
  startJoinAttempt,
} from './join-attempt.js';
import { MAX_COMMIT_RETRIES } from './limits.js';
import { decodePayload, encodePayload, PayloadKind } from './payload.js';
import { checkRejoin, rejoinReq, type StaleLeaf, staleLeafOf } from './rejoin-check.js';
import { REJOIN_NONCE_LENGTH } from './rejoin-request.js';
import type { StoredInvite } from './room-context.js';

/**
 * Asks to join with a group invite and waits for a member to admit this client (`GroupRoom.requestJoin`).
 * @throws ClientError `CLIENT_JOIN_TIMEOUT`.
 */
export async function requestJoin(room: GroupRoomInternals, invite: GroupInvite): Promise<void> {
  const relay = room.ctx.relay();
  // The Welcome needs the HPKE framing (a lazy chunk in the browser builds; in the widget's, this module's own):
  // fetched while the request travels and a member admits this client. A failed load is forgotten: the join
  // itself loads it again.
  loadHpke().catch(() => undefined);
  const member = await createMlsMember(encodePublicIdentity(room.ctx.identity.publicIdentity));
  const key = await room.ctx.identity.roomAuthKeyAsync(room.id);
  const owner = toBase64url(key.publicKey);
  try {
    await relay.putKeys(key, { kps: [member.encodedKeyPackage()] });
  } finally {
    key.destroy();
  }
  const req = randomId();
  const done = new Promise<void>((resolve, reject) => {
    room.pending = { invite, member, req, buffer: [], resolve, reject };
  });
  // A close before the request is out rejects `done` while nothing awaits it yet (this function then fails on its
  // own step): handled here, so that it never surfaces as an unhandled rejection; the race below still sees it.
  done.catch(() => undefined);
  // Stored (sealed) before the request leaves: a client closed while it waits completes the join after a
  // restart, when the Welcome arrives in the room's backlog.
  room.meta.pendingJoin = { id: invite.inviteId, secret: invite.secret, expiresAt: invite.expiresAt, req };
  room.memberToStore = 'write';
  await room.save();
  const body = sealInviteMessage(invite, room.id, { t: 'req', req, owner });
  const msgId = randomId();
  room.rememberOwn(msgId);
  await relay.publish(room.id, msgId, 0, encodePayload(PayloadKind.INVITE_SEALED, body));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(ClientError.joinTimeout(room.ctx.joinTimeoutMs)), room.ctx.joinTimeoutMs);
  });
  try {
    await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
    if (room.pending?.req === req && room.alive) room.pending = undefined;
  }
}

/**
 * Recovers membership after missed commits (the relay could not resume, or a message comes from a later
 * epoch): drops the stale group state (the history stays) and asks to join again with a fresh key package,
 * sealed under the newest unexpired invite this client holds, with a rejoin proof (signed by the identity key)
 * naming its stale leaf, so the member that re-adds it also removes that leaf. Inside the queue. Once the
 * Welcome arrived: `member` `joined` for this client, then `rejoined`. `error` when no invite is left, and
 * `CLIENT_JOIN_TIMEOUT` when nobody admitted it within `joinTimeoutMs` (the next connect asks again).
 */
export function startRejoin(room: GroupRoomInternals, reason: RejoinReason): void {
  const group = room.group;
  if (!group || room.pending || !room.alive) return;
  const now = Date.now();
  const inv = [...room.meta.invites].reverse().find((i) => i.expiresAt > now);
  if (!inv) {
    room.ctx.emit(
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
  room.meta.rejoin = { fromEpoch: Number(group.epoch), reason, ...(stale ? { stale } : {}) };
  room.group = undefined; // stale: it can never decrypt the current epoch
  const invite: GroupInvite = {
    kind: 'group',
    roomId: room.id,
    inviteId: inv.id,
    secret: inv.secret,
    expiresAt: inv.expiresAt,
  };
  const pending = background(
    room,
    invite,
    undefined as unknown as MlsMember, // set before the request leaves, so before any Welcome can name it
    '',
  );
  void sendJoinRequest(room, pending).catch((err) => {
    if (room.pending === pending) room.pending = undefined;
    joinStep(room, pending, 'stop');
    room.ctx.emit('error', err as Error);
  });
}

/** Publishes a key package and the sealed join request (with the rejoin proof) of a rejoin (outside the queue). */
async function sendJoinRequest(room: GroupRoomInternals, pending: PendingJoin): Promise<void> {
  const relay = room.ctx.relay();
  pending.member = await createMlsMember(encodePublicIdentity(room.ctx.identity.publicIdentity));
  const kp = pending.member.encodedKeyPackage();
  const key = await room.ctx.identity.roomAuthKeyAsync(room.id);
  try {
    await relay.putKeys(key, { kps: [kp] });
  } finally {
    key.destroy();
  }
  const stale = room.meta.rejoin?.stale;
  pending.req = stale
    ? await rejoinReq(randomId(), room.id, stale, kp, randomBytes(REJOIN_NONCE_LENGTH), (m) =>
        room.ctx.identity.signAsync(m),
      )
    : randomId();
  const { inviteId: id, secret, expiresAt } = pending.invite;
  room.meta.pendingJoin = { id, secret, expiresAt, req: pending.req };
  room.memberToStore = 'write';
  await room.save();
  await publishRequest(room, pending);
}

/** Publishes the sealed join request of `pending` (again, after a timeout: same request, same key package). */
async function publishRequest(room: GroupRoomInternals, pending: PendingJoin): Promise<void> {
  const relay = room.ctx.relay();
  const key = await room.ctx.identity.roomAuthKeyAsync(room.id);
  const owner = toBase64url(key.publicKey);
  key.destroy();
  const body = sealInviteMessage(pending.invite, room.id, { t: 'req', req: pending.req, owner });
  const msgId = randomId();
  room.rememberOwn(msgId);
  await relay.publish(room.id, msgId, 0, encodePayload(PayloadKind.INVITE_SEALED, body));
}

/**
 * A join no caller waits for (a rejoin, or a join restored after a restart): completing it emits `member`
 * `joined` for this client (and `rejoined` for a rejoin). Its timeout is the state machine of
 * `join-attempt.ts`: an `error` `CLIENT_JOIN_TIMEOUT` after `joinTimeoutMs`; the join stays pending (a late
 * Welcome still completes it) and the next attach publishes the request again.
 */
function background(
  room: GroupRoomInternals,
  invite: GroupInvite,
  member: MlsMember,
  req: string,
): PendingJoin {
  const pending: PendingJoin = {
    invite,
    member,
    req,
    buffer: [],
    resolve: () => room.ctx.emit('member', { room: room.id, kind: 'joined', member: room.self() }),
    reject: () => undefined,
    attempt: { kind: 'idle' },
  };
  room.pending = pending;
  joinStep(room, pending, startJoinAttempt(false));
  return pending;
}

/** Feeds a background join's state machine (`join-attempt.ts`) and carries out the effects. */
export function joinStep(
  room: GroupRoomInternals,
  pending: PendingJoin,
  input: JoinAttemptInput | JoinAttemptStep,
): void {
  if (!pending.attempt) return;
  const step = typeof input === 'string' ? nextJoinAttempt(pending.attempt, input) : input;
  pending.attempt = step.state;
  const ms = room.ctx.joinTimeoutMs;
  for (const effect of step.effects) {
    if (effect === 'arm-timer' || effect === 'clear-timer') {
      if (pending.timer) clearTimeout(pending.timer);
      pending.timer = undefined;
    }
    if (effect === 'arm-timer') {
      pending.timer = setTimeout(() => {
        pending.timer = undefined;
        if (room.pending === pending && room.alive) joinStep(room, pending, 'timeout');
      }, ms);
    } else if (effect === 'report-timeout') {
      room.ctx.emit('error', ClientError.joinTimeout(ms));
    } else if (effect === 'publish-again') {
      void publishRequest(room, pending).catch((err) => room.ctx.emit('error', err as Error));
    }
  }
}

/**
 * A sealed join request or Welcome (payload kind `INVITE_SEALED`, inside the queue): the Welcome of the join
 * this client waits for completes it; a request under an unexpired invite this member holds is admitted.
 */
export async function onSealed(room: GroupRoomInternals, body: Uint8Array): Promise<void> {
  const inviteId = sealedInviteId(body);
  const pending = room.pending;
  if (pending && equalBytes(inviteId, pending.invite.inviteId)) {
    const m = openInviteMessage(pending.invite, room.id, body);
    if (m.t !== 'welcome' || m.req !== pending.req) return;
    room.group = await MlsGroup.join(fromBase64url(m.welcome, 'welcome'), pending.member);
    await room.verifyMembers();
    joinStep(room, pending, 'welcome');
    room.meta.joinedEpoch = Number(room.group.epoch);
    const rejoin = room.meta.rejoin;
    delete room.meta.rejoin;
    const { inviteId: id, secret, expiresAt } = pending.invite;
    if (!room.meta.invites.some((i) => equalBytes(i.id, id)))
      room.meta.invites.push({ id, secret, expiresAt });
    delete room.meta.pendingJoin;
    room.memberToStore = 'delete'; // the key package is used: deleted with the new group state
    for (const env of pending.buffer) {
      try {
        await room.handle(env, decodePayload(fromBase64url(env.ct, 'ct')));
      } catch {
        // from an epoch before this client was added
      }
    }
    pending.buffer = [];
    await room.persist();
    pending.resolve();
    if (rejoin) {
      const { fromEpoch, reason } = rejoin;
      room.ctx.emit('rejoined', { room: room.id, fromEpoch, epoch: room.meta.joinedEpoch, reason });
    }
    room.announce();
    return;
  }
  if (!room.group) return;
  const inv = room.meta.invites.find((i) => equalBytes(i.id, inviteId));
  if (!inv) return;
  const m = openInviteMessage({ inviteId: inv.id, secret: inv.secret }, room.id, body);
  if (m.t !== 'req' || inv.expiresAt < Date.now()) return;
  void room
    .enqueue(() => admit(room, inv, m.req, m.owner, undefined, 0))
    .catch((err) => room.ctx.emit('error', err as Error));
}

/** Adds a joiner: takes its key package from the directory (one member wins it), commits, sends the welcome. */
async function admit(
  room: GroupRoomInternals,
  inv: StoredInvite,
  req: string,
  owner: string,
  kp: Uint8Array | undefined,
  attempt: number,
): Promise<void> {
  if (!room.ready) return;
  // the commit and its Welcome need the HPKE framing: loaded before the key package is taken from the
  // directory, so a failed load (CRYPTO_NOT_LOADED) leaves it there for another member to admit with
  await loadHpke();
  let keyPackage = kp;
  if (!keyPackage) {
    try {
      const keys = await room.ctx.relay().getKeys(owner, 'kp');
      if (keys.kp === undefined) return;
      keyPackage = fromBase64url(keys.kp, 'kp');
    } catch {
      return; // another member took it (or the relay has none): that member admits
    }
  }
  const group = room.group;
  if (!group) return;
  // a lost commit race: the whole admission is queued again, and decided again on the new state
  const retry = (): void => {
    if (attempt >= MAX_COMMIT_RETRIES) return;
    void room
      .enqueue(() => admit(room, inv, req, owner, keyPackage, attempt + 1))
      .catch((err) => room.ctx.emit('error', err as Error));
  };
  const decision = await checkRejoin(group, room.id, req, keyPackage);
  if (decision.kind === 'refuse') return; // forged, replayed or stale proof: nobody is removed, nobody added
  if (decision.kind === 'replace') {
    // The proven stale leaf goes first (it is then the joiner's only leaf); the add follows. With a lost
    // race the whole admission is retried, and decided again on the new state.
    const removed = await commit(room, (g) => g.remove([decision.identity]), true);
    if (!removed) return retry();
  }
  const out = await commit(room, (g) => g.add([keyPackage]));
  if (!out) return retry();
  if (!out.welcome) return;
  const body = sealInviteMessage({ inviteId: inv.id, secret: inv.secret }, room.id, {
    t: 'welcome',
    req,
    welcome: toBase64url(out.welcome),
  });
  const msgId = randomId();
  room.rememberOwn(msgId);
  await room.ctx
    .relay()
    .publish(room.id, msgId, Number(room.group?.epoch ?? 0), encodePayload(PayloadKind.INVITE_SEALED, body));
}

/** Commits the removal of a member that left (its `LEAVE` message), retried when another commit took the epoch. */
export async function removeMember(
  room: GroupRoomInternals,
  who: PublicIdentity,
  attempt: number,
): Promise<void> {
  if (!room.ready || !room.identityOf(formatPublicKey(who.signingKey))) return;
  const out = await commit(room, (g) => g.remove([encodePublicIdentity(who)]), true);
  if (!out && attempt < MAX_COMMIT_RETRIES) {
    void room
      .enqueue(() => removeMember(room, who, attempt + 1))
      .catch((err) => room.ctx.emit('error', err as Error));
  }
}

/**
 * Replaces this device's own keys in the group with an MLS update commit (`GroupRoom.updateKeys`, inside the
 * queue, once the room checked this client is a member).
 *
 * @returns true once the commit is in; false when another member's commit took the epoch first.
 * @throws ClientError `CLIENT_NOT_CONNECTED` (a commit is never queued offline).
 */
export async function updateKeys(room: GroupRoomInternals): Promise<boolean> {
  return (await commit(room, (g) => g.update(), true)) !== undefined;
}

/**
 * Makes a commit and publishes it as a handshake message. When the relay refuses it because another commit
 * took the epoch first, the group is rolled back and `undefined` returned (the caller retries later).
 *
 * @param refreshesOwnKeys - the commit carries an UpdatePath from this device's leaf (an update or a removal),
 *   which replaces its keys: {@link RoomMeta.keysUpdatedAt} is stored with the new state.
 */
async function commit(
  room: GroupRoomInternals,
  make: (g: MlsGroup) => Promise<CommitOutput>,
  refreshesOwnKeys = false,
): Promise<CommitOutput | undefined> {
  const group = room.group;
  if (!group) throw ClientError.notAMember();
  const snapshot = group.serialize();
  const epoch = group.epoch;
  const before = room.identities();
  const out = await make(group);
  const msgId = randomId();
  room.rememberOwn(msgId);
  try {
    await room.ctx
      .relay()
      .publish(room.id, msgId, Number(epoch), encodePayload(PayloadKind.MLS, out.commit), true);
  } catch (err) {
    room.group = MlsGroup.deserialize(snapshot);
    await room.verifyMembers();
    room.forgetOwn(msgId);
    if (err instanceof ClientError && err.relayCode === 'RELAY_STALE_EPOCH') return undefined;
    throw err;
  }
  if (refreshesOwnKeys) room.meta.keysUpdatedAt = Date.now();
  await room.verifyMembers();
  await room.persist();
  room.membershipChanged(before);
  return out;
}
