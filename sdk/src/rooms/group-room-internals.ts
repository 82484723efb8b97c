/**
 * What a group room's membership code (`group-membership.ts`, loaded on first use) sees of the room: its
 * state and the few services of `RoomCore` it calls. Types only: the room builds the object
 * (`GroupRoom.internals`), so the membership code needs nothing of the room's class.
 *
 * @module
 */
import type { MlsGroup, MlsMember } from '../crypto/group/index.js';
import type { PublicIdentity } from '../crypto/identity/index.js';
import type { MemberInfo, RejoinedEvent } from '../events.js';
import type { Envelope } from '../protocol/index.js';
import type { Invite } from './invite-link.js';
import type { JoinAttempt } from './join-attempt.js';
import type { Payload } from './payload.js';
import type { StaleLeaf } from './rejoin-check.js';
import type { RoomContext, RoomMeta } from './room-context.js';

/** A group invite link, parsed. */
export type GroupInvite = Extract<Invite, { kind: 'group' }>;

/** Why a member rejoins (see {@link RejoinedEvent}). */
export type RejoinReason = RejoinedEvent['reason'];

/**
 * A group room's metadata: the shared {@link RoomMeta} plus, while a rejoin is under way, what the `rejoined`
 * event reports and the stale leaf its proof names (stored with the metadata, so a restart keeps them).
 */
export type GroupMeta = RoomMeta & {
  rejoin?: { fromEpoch: number; reason: RejoinReason; stale?: StaleLeaf };
};

/** A join waiting for its Welcome. */
export interface PendingJoin {
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

/** A group room as its membership code works on it (each member is the room's own, see `group-room.ts`). */
export interface GroupRoomInternals {
  readonly id: string;
  readonly ctx: RoomContext;
  readonly meta: GroupMeta;
  /** False once left, destroyed or removed. */
  readonly alive: boolean;
  /** Whether this client is an active member (it can send). */
  readonly ready: boolean;
  /** The MLS state (absent while a join waits for its Welcome). */
  group: MlsGroup | undefined;
  /** The join waiting for its Welcome, if any. */
  pending: PendingJoin | undefined;
  /** What the next persist does with the pending join's stored key package. */
  memberToStore: 'write' | 'delete' | undefined;
  /** Runs `fn` after everything queued before it (the room's serial queue). */
  enqueue<T>(fn: () => Promise<T>): Promise<T>;
  /** Saves the room's state and metadata (queued). */
  save(): Promise<void>;
  /** Saves the room's state and metadata now (inside the queue). */
  persist(): Promise<void>;
  /** Remembers an own message id so its echo is skipped. */
  rememberOwn(msgId: string): void;
  /** Forgets an own message id whose message never reached the relay. */
  forgetOwn(msgId: string): void;
  /** Verifies and lists the members' identities after the group changed. */
  verifyMembers(): Promise<void>;
  /** The members' verified public identities. */
  identities(): PublicIdentity[];
  /** The public identity of a member id, if a member. */
  identityOf(memberId: string): PublicIdentity | undefined;
  /** This client as a member. */
  self(): MemberInfo;
  /** Sends this client's profile (reporting a failure as an `error` event). */
  announce(): void;
  /** Emits `member` events for the difference between `before` and the current members. */
  membershipChanged(before: PublicIdentity[]): void;
  /** Processes one envelope of another member (inside the queue). */
  handle(env: Envelope, payload: Payload): Promise<void>;
}
