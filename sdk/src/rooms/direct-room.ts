import { concatBytes, equalBytes, lp16, readU32, u32, utf8 } from '../crypto/bytes.js';
import {
  acceptSession,
  decodePrekeyBundle,
  encodePrekeyBundle,
  type PrekeyBundle,
  PrekeyStore,
  startSession,
} from '../crypto/handshake/index.js';
import {
  decodePublicIdentity,
  encodePublicIdentity,
  formatPublicKey,
  type PublicIdentity,
} from '../crypto/identity/index.js';
import { loadMlKem768, sha256Digest } from '../crypto/primitives/index.js';
import { RatchetSession } from '../crypto/ratchet/index.js';
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
import { formatInviteLink, type Invite } from './invite-link.js';
import { LABEL_BUNDLE_FINGERPRINT, LABEL_DIRECT_CONTEXT } from './labels.js';
import { BUNDLE_FINGERPRINT_LENGTH } from './limits.js';
import { encodePayload, type Payload, PayloadKind } from './payload.js';
import { type RoomContext, type RoomMeta, roomPrekeysKey } from './room-context.js';
import { profileContent, RoomCore, type Sealed } from './room-core.js';

type DirectInvite = Extract<Invite, { kind: 'direct' }>;

/** The fingerprint a direct invite pins: truncated SHA-256 of the encoded bundle (without one-time prekey). */
export function bundleFingerprint(bundle: Uint8Array): Uint8Array {
  return sha256Digest(concatBytes(utf8(LABEL_BUNDLE_FINGERPRINT), bundle)).slice(
    0,
    BUNDLE_FINGERPRINT_LENGTH,
  );
}

/** A one-time prekey as a directory item: `u32 id || X25519 public key (32)`. */
function encodeOneTimePrekey(id: number, publicKey: Uint8Array): Uint8Array {
  return concatBytes(u32(id), publicKey);
}

/**
 * A 1:1 room: PQXDH (with the inviter's prekey bundle from the relay directory, its fingerprint pinned by the
 * invite link) starts a Double Ratchet session with header encryption; every message is bound to the room.
 */
export class DirectRoom extends RoomCore {
  private session: RatchetSession | undefined;
  private prekeys: PrekeyStore | undefined;
  /** What the next persist does with the stored prekey secrets. */
  private prekeysToStore: 'write' | 'delete' | undefined;
  private peer: PublicIdentity | undefined;
  private readonly context: Uint8Array;

  /**
   * @param id - room id. @param ctx - the client. @param meta - metadata. @param joinedAt - ms.
   * @param session - the ratchet state once established.
   */
  constructor(id: string, ctx: RoomContext, meta: RoomMeta, joinedAt: number, session?: RatchetSession) {
    super(id, ctx, meta, joinedAt);
    this.session = session;
    if (meta.peer) this.peer = decodePublicIdentity(meta.peer);
    this.context = concatBytes(utf8(LABEL_DIRECT_CONTEXT), lp16(utf8(id)));
  }

  /**
   * Creator side: publishes a prekey bundle and one one-time prekey under this room's pseudonymous key and
   * builds the invite link that pins the bundle's fingerprint. Loads ML-KEM-768 on first use.
   */
  async publishPrekeys(): Promise<void> {
    const store = await PrekeyStore.create(this.ctx.identity);
    const upload = store.refill(1);
    const pq = upload.pqPrekeys[0] ?? upload.lastResortPqPrekey;
    const otk = upload.oneTimePrekeys[0];
    const bundle = encodePrekeyBundle({
      identity: this.ctx.identity.publicIdentity,
      signedPrekey: upload.signedPrekey,
      pqPrekey: pq,
    });
    const key = await this.ctx.identity.roomAuthKeyAsync(this.id);
    const owner = toBase64url(key.publicKey);
    const items: { bundle: Uint8Array; otks?: Uint8Array[] } = { bundle };
    if (otk) items.otks = [encodeOneTimePrekey(otk.id, otk.publicKey)];
    try {
      await this.ctx.relay().putKeys(key, items);
    } finally {
      key.destroy();
    }
    this.prekeys = store;
    this.prekeysToStore = 'write'; // saved with the room, so a restart before the peer joins keeps them
    this.meta.link = formatInviteLink(this.ctx.inviteBase, {
      kind: 'direct',
      roomId: this.id,
      owner,
      fingerprint: bundleFingerprint(bundle),
    });
  }

  /**
   * Joiner side: fetches the inviter's bundle, checks its fingerprint, runs PQXDH and sends the first
   * ratchet message (carrying this client's profile). Loads ML-KEM-768 on first use, beside the bundle's fetch.
   * @throws ClientError `CLIENT_BAD_INVITE` when the bundle does not match the link.
   */
  async start(invite: DirectInvite): Promise<void> {
    const relay = this.ctx.relay();
    const [keys] = await Promise.all([relay.getKeys(invite.owner, 'prekey'), loadMlKem768()]);
    if (keys.bundle === undefined) throw ClientError.badInvite('no prekey bundle at the relay');
    const bundleBytes = fromBase64url(keys.bundle, 'bundle');
    if (!equalBytes(bundleFingerprint(bundleBytes), invite.fingerprint)) {
      throw ClientError.badInvite('the prekey bundle does not match the link');
    }
    const bundle: PrekeyBundle = decodePrekeyBundle(bundleBytes);
    if (keys.otk !== undefined) {
      const otk = fromBase64url(keys.otk, 'otk');
      if (otk.length === 36) bundle.oneTimePrekey = { id: readU32(otk, 0), publicKey: otk.slice(4) };
    }
    const msgId = randomId();
    const first = encodeContentEnvelope({
      type: ContentType.PROFILE,
      msgId,
      sentAt: Date.now(),
      content: profileContent(this.ctx.displayName() ?? ''),
    });
    const { initialMessage } = await this.enqueue(async () => {
      const r = startSession(this.ctx.identity, bundle, first, { context: this.context });
      this.session = r.session;
      this.peer = bundle.identity;
      this.meta.peer = encodePublicIdentity(bundle.identity);
      await this.persist();
      return r;
    });
    this.rememberOwn(msgId);
    await relay.publish(this.id, msgId, 0, encodePayload(PayloadKind.DIRECT_INITIAL, initialMessage));
  }

  get ready(): boolean {
    return this.session !== undefined && this.alive;
  }

  /** The link to give the other person (creator, until the peer joined). */
  get link(): string | undefined {
    return this.meta.link;
  }

  members(): MemberInfo[] {
    const out = [this.self()];
    if (this.peer) out.push(this.memberOf(this.peer));
    return out;
  }

  protected identityOf(memberId: string): PublicIdentity | undefined {
    return this.peer && formatPublicKey(this.peer.signingKey) === memberId ? this.peer : undefined;
  }

  protected async saveState(tx: StoreScope): Promise<void> {
    const record: { id: string; joinedAt: number; name?: string; lastOffset?: number } = {
      id: this.id,
      joinedAt: this.joinedAt,
    };
    if (this.meta.name !== undefined) record.name = this.meta.name;
    if (this.meta.stream) record.lastOffset = this.meta.stream.next - 1;
    await tx.rooms.put(record);
    if (this.prekeysToStore === 'write' && this.prekeys) {
      const bytes = this.prekeys.serialize();
      try {
        await tx.kv.set(roomPrekeysKey(this.id), bytes); // sealed before it is written
      } finally {
        bytes.fill(0);
      }
    } else if (this.prekeysToStore === 'delete') {
      await tx.kv.delete(roomPrekeysKey(this.id));
    }
    if (this.session && this.peer) {
      await tx.sessions.put({
        id: this.id,
        peer: formatPublicKey(this.peer.signingKey),
        state: this.session.serialize(),
        updatedAt: Date.now(),
      });
    }
  }

  protected override persisted(): void {
    // Written (or deleted) with the state that committed; a failed transaction writes them again next time.
    this.prekeysToStore = undefined;
  }

  protected async seal(
    type: ContentTypeId,
    msgId: string,
    sentAt: number,
    content: Uint8Array,
  ): Promise<Sealed> {
    if (!this.session) throw ClientError.peerNotReady();
    const plain = encodeContentEnvelope({ type, msgId, sentAt, content });
    const message = this.session.encrypt(plain, this.context);
    return { payload: encodePayload(PayloadKind.DIRECT_MESSAGE, message), epoch: 0 };
  }

  protected async handle(env: Envelope, payload: Payload): Promise<void> {
    if (RoomCore.isSignal(env) && payload.kind !== PayloadKind.DIRECT_MESSAGE) return;
    if (payload.kind === PayloadKind.DIRECT_INITIAL) {
      if (this.session) return; // the room has its two people; later initial messages are ignored
      if (!this.prekeys) throw ClientError.undecryptable('1:1 initial (the prekeys of this invite are gone)');
      await loadMlKem768(); // deliveries run one at a time (RoomCore.enqueue): nothing changed meanwhile
      const r = acceptSession(this.ctx.identity, this.prekeys, payload.body, { context: this.context });
      this.prekeys.destroy();
      this.prekeys = undefined;
      this.prekeysToStore = 'delete'; // in the same transaction as the new session
      this.session = r.session;
      this.peer = r.peer;
      this.meta.peer = encodePublicIdentity(r.peer);
      delete this.meta.link;
      const c = decodeContentEnvelope(r.plaintext);
      const who = this.memberOf(r.peer);
      this.ctx.emit('member', { room: this.id, kind: 'joined', member: who });
      if (c.type === ContentType.PROFILE) this.received(env, c, who);
      this.announce();
      return;
    }
    if (payload.kind !== PayloadKind.DIRECT_MESSAGE) throw ClientError.undecryptable('1:1 payload');
    if (!this.session || !this.peer) throw ClientError.undecryptable('1:1 (no session yet)');
    const c = decodeContentEnvelope(this.session.decrypt(payload.body, this.context));
    if (c.type === ContentType.LEAVE && !RoomCore.isSignal(env)) {
      this.ctx.emit('member', { room: this.id, kind: 'left', member: this.memberOf(this.peer) });
      return;
    }
    this.received(env, c, this.memberOf(this.peer));
  }

  async invite(): Promise<string> {
    if (this.meta.link === undefined)
      throw ClientError.invalidArgument('invite', 'asked of a 1:1 room before its peer joined');
    return this.meta.link;
  }

  /** Tells the peer, leaves the relay room, deletes the room here. */
  async leave(): Promise<void> {
    if (this.ready) {
      await this.publish(ContentType.LEAVE, randomId(), Date.now(), new Uint8Array(0)).catch(() => undefined);
    }
    try {
      await this.ctx.relay().leave(this.id);
    } catch {
      // not connected
    }
    await this.drop();
  }

  /**
   * After a restart: gives back the prekey secrets of this room's invite (saved while the peer had not joined),
   * so the peer's first message still starts the session. The caller zeroes `state`.
   */
  restorePrekeys(state: Uint8Array): void {
    if (this.session) return;
    this.prekeys = PrekeyStore.deserialize(this.ctx.identity, state);
  }

  /** Restores the ratchet from its serialized state. */
  static restoreSession(state: Uint8Array): RatchetSession {
    return RatchetSession.deserialize(state);
  }
}
