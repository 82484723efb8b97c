import { Account } from './account/index.js';
import { type AttachmentRef, type DownloadOptions, loadTransfer } from './attachments/index.js';
import { CryptoError } from './crypto/errors.js';
import { loadMlsCreate, MlsGroup } from './crypto/group/index.js';
import { loadSyncCurves } from './crypto/primitives/index.js';
import { TypedEmitter } from './emitter.js';
import { ClientError } from './errors.js';
import type { ClientEvents, ConnectionState } from './events.js';
import type { LinkPreviewFetcher } from './messages/index.js';
import { decodeOutboxPayload, encodeOutboxPayload, Outbox } from './outbox/index.js';
import { MAX_MESSAGE_TTL_SECONDS, MAX_ROOM_TTL_SECONDS, randomId } from './protocol/index.js';
import { RelayClient } from './relay-client/index.js';
import {
  decodePendingRecord,
  GroupRoom,
  parseInviteLink,
  purgeOrphanUploads,
  Room,
  type RoomCallConfig,
  type RoomContext,
  type RoomCore,
  type RoomMeta,
  roomMetaKey,
  roomPrekeysKey,
} from './rooms/index.js';
import {
  DEFAULT_JOIN_TIMEOUT_MS,
  DEFAULT_KEY_UPDATE_INTERVAL_MS,
  MAX_ROOM_NAME_LENGTH,
} from './rooms/limits.js';
import { type QueuedOutboxRecord, type Store, StoreError, type StoreScope } from './store/index.js';
import {
  Backoff,
  type BackoffOptions,
  createOnlineMonitor,
  type OnlineMonitor,
  Reconnector,
  type ReconnectState,
  type WebSocketConstructor,
} from './transport/index.js';

/** Relay refusals after which resending a queued message can never succeed. */
const PERMANENT_REFUSALS: ReadonlySet<string> = new Set(['RELAY_NO_ROOM', 'RELAY_NOT_JOINED']);

/**
 * The 1:1 room code (PQXDH, the Double Ratchet, prekeys), imported when this client first creates, joins or
 * restores a 1:1 room: in the script-tag build it is a lazy chunk, so a client with group rooms only never
 * downloads it. It uses the synchronous curve functions, loaded with it (`loadSyncCurves`: noble's X25519 and
 * Ed25519, another lazy chunk, which group rooms need only where the platform lacks WebCrypto's).
 */
let directRooms: Promise<typeof import('./rooms/direct-room.js')> | undefined;
/** @throws CryptoError `CRYPTO_NOT_LOADED` (rejects) when the chunk could not be loaded; a later call tries again. */
function loadDirectRooms(): Promise<typeof import('./rooms/direct-room.js')> {
  directRooms ??= Promise.all([import('./rooms/direct-room.js'), loadSyncCurves()]).then(
    ([direct]) => direct,
    (cause: unknown) => {
      directRooms = undefined;
      throw cause instanceof CryptoError && cause.code === 'CRYPTO_NOT_LOADED'
        ? cause
        : CryptoError.notLoaded('1:1 rooms (PQXDH, Double Ratchet)', cause);
    },
  );
  return directRooms;
}

/** Options of {@link CrypTalkClient.open}. */
export interface CrypTalkClientOptions {
  /** The relay's WebSocket URL, e.g. `ws://127.0.0.1:8787`. */
  relay: string;
  /**
   * The WebSocket implementation. Defaults to `globalThis.WebSocket` (browsers, Workers, Node ≥ 22);
   * pass the `ws` package on Node 20.
   */
  WebSocket?: WebSocketConstructor;
  /**
   * The encrypted local store holding the identity, sessions and history: `openDexieStore(…)` in browsers,
   * `openNodeFileStore({ dir, passphrase })` in Node (a wrong passphrase fails there with `StoreError`
   * `STORE_WRONG_PASSPHRASE`). Default: a fresh in-memory store (a new identity every time).
   */
  store?: Store;
  /** This device's display name, sent to rooms in an encrypted profile; saved in the store. */
  displayName?: string;
  /** Where invite links open; the joining secret goes after `#`. @default the relay's host over http(s), path `/join` */
  inviteBase?: string;
  /** How long {@link CrypTalkClient.joinByLink} waits for a member to admit this client, in ms. @default 20000 */
  joinTimeoutMs?: number;
  /** Connect right away. @default true */
  connect?: boolean;
  /**
   * Group rooms: when this device's own keys in a group are older than this (ms), its next message also commits
   * an update of them (an MLS update commit), so keys stolen from the device stop opening the room's later
   * messages (post-compromise security). `false`: only {@link Room.updateKeys} does. @default 86400000 (a day)
   */
  keyUpdateIntervalMs?: number | false;
  /**
   * Automatic reconnect after the connection drops: backoff with full jitter (`baseMs`, `maxMs`, `factor`,
   * `maxAttempts`), paused while the platform is offline. `false` turns it off. @default `{}` (0.5 s … 30 s)
   */
  reconnect?: BackoffOptions | false;
  /** Online/offline detection. @default `createOnlineMonitor()` (browsers and Workers: `navigator.onLine`) */
  online?: OnlineMonitor;
  /** Privacy: send read receipts ({@link Room.markRead}). @default true */
  receipts?: boolean;
  /** Privacy: send typing signals ({@link Room.typing}). @default true */
  typing?: boolean;
  /**
   * Sender-side link previews: when set, {@link Room.send} fetches the first `https:` link of a text through
   * this fetcher (on this device, never through a server) and sends its preview right after the message.
   * URLs that are not https, carry credentials, or name a non-public IP literal or a local-only host are never
   * fetched; the fetch is aborted after `timeoutMs` (default 5 s) and read up to 512 Ki characters. Resolving
   * host names and refusing private addresses behind them, and redirects, are the fetcher's job. Fetching a
   * link tells its site this device's address: leave it off for privacy. @default none (no previews)
   */
  linkPreviews?: LinkPreviewFetcher;
  /** Calls ({@link Room.call}): LiveKit's E2EE worker for SFU calls, media devices, `fetch`. */
  calls?: RoomCallConfig;
}

/** Options of {@link CrypTalkClient.createRoom}. */
export interface CreateRoomOptions {
  /** A local name for the room (never sent to the relay). */
  name?: string;
  /** Idle lifetime of the room at the relay, in s (ephemeral rooms). @default the relay's (1 day) */
  ttlSeconds?: number;
  /** Keep the room as long as the relay allows (30 days idle). Overrides `ttlSeconds`. */
  persistent?: boolean;
}

function defaultInviteBase(relay: string): string {
  const u = new URL(relay);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = '/join';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * The in-memory store of a client opened without one, loaded on that first use (a separate chunk in the widget's
 * bundles, whose clients open on the device store).
 *
 * @throws StoreError `STORE_UNAVAILABLE` when its module cannot be loaded.
 */
async function openDefaultStore(): Promise<Store> {
  let mod: typeof import('./store/memory-store.js');
  try {
    mod = await import('./store/memory-store.js');
  } catch (cause) {
    throw StoreError.unavailable('the in-memory store', cause);
  }
  return mod.openMemoryStore();
}

/**
 * The CrypTalk client: a device identity kept in an encrypted store, end-to-end-encrypted rooms (groups on MLS,
 * 1:1 on PQXDH + the Double Ratchet) over a relay that only sees ciphertext, typed events. The one entry point
 * of the SDK.
 *
 * @example
 * ```ts
 * const client = await CrypTalkClient.open({ relay: 'ws://127.0.0.1:8787', displayName: 'Ada' });
 * const room = await client.createRoom({ name: 'team' });
 * const link = await room.invite();            // share it; the secret is in the fragment
 * client.on('message', (m) => console.log(m.author.displayName, m.text));
 * await room.send('hello');
 * // elsewhere: const room = await other.joinByLink(link);
 * ```
 */
export class CrypTalkClient extends TypedEmitter<ClientEvents> {
  private relayClient: RelayClient | undefined;
  /** `disconnect()` was called: no automatic reconnect until `connect()`. */
  private manualDisconnect = false;
  /** The connection that just closed had been established (a failed attempt is the reconnector's business). */
  private wasConnected = false;
  private connecting: Promise<void> | undefined;
  private state: ConnectionState = 'disconnected';
  private readonly cores = new Map<string, RoomCore>();
  private readonly facades = new Map<string, Room>();
  private readonly ctx: RoomContext;
  private closed = false;
  /** `close()` began: a join failing from now on keeps its stored state. */
  private closing = false;
  private readonly outbox: Outbox;
  private readonly reconnector: Reconnector | undefined;
  /** Sends waiting for their ack: resolved with the offset, or `undefined` when the connection dropped. */
  private readonly waiters = new Map<
    string,
    { resolve(offset: number | undefined): void; reject(err: Error): void }
  >();

  private constructor(
    private readonly options: CrypTalkClientOptions,
    private readonly store: Store,
    private readonly ownsStore: boolean,
    private readonly account: Account,
  ) {
    super((err) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
    this.ctx = {
      identity: account.identity,
      selfId: account.id,
      store,
      relayUrl: options.relay,
      inviteBase: options.inviteBase ?? defaultInviteBase(options.relay),
      joinTimeoutMs: options.joinTimeoutMs ?? DEFAULT_JOIN_TIMEOUT_MS,
      keyUpdateIntervalMs: options.keyUpdateIntervalMs ?? DEFAULT_KEY_UPDATE_INTERVAL_MS,
      relay: () => {
        if (this.closed) throw ClientError.closed();
        if (!this.relayClient?.isOpen) throw ClientError.notConnected();
        return this.relayClient;
      },
      displayName: () => account.displayName,
      privacy: { receipts: options.receipts !== false, typing: options.typing !== false },
      ...(options.calls ? { calls: options.calls } : {}),
      ...(options.linkPreviews ? { linkPreviews: options.linkPreviews } : {}),
      send: (roomId, msgId, epoch, payload, expiresAt, local) =>
        this.send(roomId, msgId, epoch, payload, expiresAt, local),
      withdraw: async (msgIds) => {
        if (!(await this.outbox.withdraw(msgIds))) return false;
        for (const id of msgIds) this.settle(id, undefined);
        return true;
      },
      delivered: (msgId, offset) => {
        if (this.outbox.awaitsAck(msgId)) void this.outbox.ack({ msgId, offset }).catch(() => undefined);
      },
      emit: (event, payload) => this.emit(event, payload),
      forget: (id) => {
        this.cores.delete(id);
        this.facades.delete(id);
        void this.outbox.forgetRoom(id).catch(() => undefined);
      },
    };
    this.outbox = new Outbox({
      store,
      transport: { send: (r) => this.transmit(r) },
      onAck: (tx, r, ack) => this.storeCarried(tx, r, ack.offset),
      onError: (err) => this.emit('error', err instanceof Error ? err : new Error(String(err))),
    });
    this.outbox.on('acked', (e) => {
      this.cores.get(e.roomId)?.onAcked(e.msgId, e.offset, e.stored);
      this.settle(e.msgId, e.offset);
    });
    this.outbox.on('failed', (e) => {
      const waiter = this.waiters.get(e.msgId);
      this.waiters.delete(e.msgId);
      if (waiter) waiter.reject(e.error);
      else this.emit('error', e.error);
    });
    if (options.reconnect !== false) {
      this.reconnector = new Reconnector(() => this.connect(), {
        backoff: new Backoff(options.reconnect ?? {}),
        online: options.online ?? createOnlineMonitor(),
        onState: (st) => this.onReconnectState(st),
      });
    }
  }

  /**
   * Queues a sealed payload in the outbox; resolves with its offset once acked, or `undefined` if offline.
   * `expiresAt` (a disappearing message) travels with it, so the relay erases it when it disappears.
   */
  private async send(
    roomId: string,
    msgId: string,
    epoch: number,
    payload: Uint8Array,
    expiresAt?: number,
    local?: Uint8Array,
  ): Promise<number | undefined> {
    const acked = new Promise<number | undefined>((resolve, reject) => {
      this.waiters.set(msgId, { resolve, reject });
    });
    const queued = encodeOutboxPayload({
      epoch,
      body: payload,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(local === undefined ? {} : { local }),
    });
    try {
      await this.outbox.enqueue(roomId, msgId, queued);
    } catch (err) {
      this.waiters.delete(msgId);
      throw err;
    }
    if (!this.outbox.online) this.settle(msgId, undefined);
    return acked;
  }

  /**
   * Inside the transaction that removes an acked outbox record: writes the sender's own message record it
   * carries (if any) to the history with its offset, so it is sealed and stored once. Not for a room that is
   * gone, nor for a disappearing message already expired.
   * @returns whether it wrote it.
   */
  private async storeCarried(tx: StoreScope, r: QueuedOutboxRecord, offset: number): Promise<boolean> {
    const bytes = decodeOutboxPayload(r.payload).local;
    const core = this.cores.get(r.roomId);
    const local = bytes && core ? decodePendingRecord(r.roomId, r.msgId, bytes) : undefined;
    if (!core || !local || (local.expiresAt !== undefined && local.expiresAt <= Date.now())) return false;
    try {
      // deleted while it waited: a tombstone, not the text the outbox record carried
      await tx.messages.put(core.recordForAck({ ...local, offset }));
      return true;
    } catch {
      // not storable here (refused by the store's checks): the room writes it instead, as for older records,
      // and the ack itself still commits (it must not be refused again and again)
      return false;
    }
  }

  /** A message still in the outbox at start-up: its echo is skipped, its carried record shown again. */
  private restoreQueued(r: QueuedOutboxRecord): void {
    const core = this.cores.get(r.roomId);
    if (!core) return;
    core.rememberOwn(r.msgId);
    try {
      const bytes = decodeOutboxPayload(r.payload).local;
      const local = bytes ? decodePendingRecord(r.roomId, r.msgId, bytes) : undefined;
      if (local) core.restorePending(local);
    } catch {
      // an unreadable payload: sending it fails the same way later
    }
  }

  private settle(msgId: string, offset: number | undefined): void {
    const waiter = this.waiters.get(msgId);
    this.waiters.delete(msgId);
    waiter?.resolve(offset);
  }

  /** The outbox's transport: one publish frame per queued message; the ack or refusal goes back to the outbox. */
  private transmit(r: QueuedOutboxRecord): void {
    const relay = this.relayClient;
    if (!relay?.isOpen) throw ClientError.notConnected();
    const { epoch, expiresAt, body } = decodeOutboxPayload(r.payload);
    // Seconds left, at least 1: one that disappeared while queued is still sent (its receivers drop it as
    // expired) and erased by the relay a second later.
    const ttl =
      expiresAt === undefined
        ? undefined
        : Math.min(MAX_MESSAGE_TTL_SECONDS, Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000)));
    relay
      .publish(r.roomId, r.msgId, epoch, body, false, ttl)
      .then(
        (offset) => this.outbox.ack({ msgId: r.msgId, offset }),
        (err: unknown) => {
          const code = err instanceof ClientError ? err.relayCode : undefined;
          if (code === undefined) return; // the connection dropped: resent after the reconnect
          const permanent = PERMANENT_REFUSALS.has(code) || code.startsWith('PROTO_');
          return this.outbox.nack(r.msgId, code, permanent);
        },
      )
      // a store failure while recording the ack: the message stays queued and is resent (the relay dedupes)
      .catch((err: unknown) => this.emit('error', err instanceof Error ? err : new Error(String(err))));
  }

  private onReconnectState(st: ReconnectState): void {
    if (this.closed) return;
    if (st.kind === 'waiting') {
      this.setState('reconnecting', undefined, undefined, { attempt: st.attempt, delayMs: st.delayMs });
    } else if (st.kind === 'offline') {
      this.setState('offline');
    } else if (st.kind === 'gave-up') {
      this.setState('disconnected', undefined, 'gave up reconnecting');
    }
  }

  /**
   * Opens a client: loads this device's identity and rooms from the store (creating the identity on first use),
   * then connects and rejoins every room, resuming after the last message it processed.
   * @throws StoreError from the store; ClientError `CLIENT_CONNECT_FAILED`, `CLIENT_NO_WEBSOCKET`,
   *   `CLIENT_INVALID_ARGUMENT` (an option out of range).
   */
  static async open(options: CrypTalkClientOptions): Promise<CrypTalkClient> {
    const interval = options.keyUpdateIntervalMs;
    if (interval !== undefined && interval !== false && !(Number.isSafeInteger(interval) && interval >= 0)) {
      throw ClientError.invalidArgument('keyUpdateIntervalMs', 'a whole number of ms (0 or more), or false');
    }
    const ownsStore = options.store === undefined;
    const store = options.store ?? (await openDefaultStore());
    const account = await Account.loadOrCreate(store, options.displayName);
    const client = new CrypTalkClient(options, store, ownsStore, account);
    await client.restore();
    // a client without rooms (a device's first visit) will create one: its creation code loads meanwhile
    if (client.rooms().length === 0) void loadMlsCreate().catch(() => undefined);
    // interrupted uploads of rooms that are gone (their records hold file keys)
    await purgeOrphanUploads(store).catch((err) => client.emit('error', err as Error));
    for (const r of await client.outbox.pending()) client.restoreQueued(r);
    if (options.connect !== false) await client.connect();
    return client;
  }

  /**
   * Like {@link CrypTalkClient.open}, for a store that must not hold an identity yet (a new account).
   * @throws ClientError `CLIENT_INVALID_ARGUMENT` when the store already has one.
   */
  static async create(options: CrypTalkClientOptions): Promise<CrypTalkClient> {
    if (options.store && (await Account.exists(options.store))) {
      throw ClientError.invalidArgument('store', 'empty (it already holds an identity: use open)');
    }
    return CrypTalkClient.open(options);
  }

  /** This device's member id: `ed25519:<base64>` of its identity key. */
  get id(): string {
    return this.account.id;
  }

  /** This device's display name, if set. */
  get displayName(): string | undefined {
    return this.account.displayName;
  }

  /** The connection's state. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Every room this client is in. */
  rooms(): Room[] {
    return [...this.facades.values()];
  }

  /** The room with this id, if this client is in it. */
  room(id: string): Room | undefined {
    return this.facades.get(id);
  }

  /**
   * Connects to the relay (if not connected) and rejoins every room, resuming where each left off.
   * @throws ClientError `CLIENT_CONNECT_FAILED`, `CLIENT_NO_WEBSOCKET`, `CLIENT_CLOSED`.
   */
  connect(): Promise<void> {
    if (this.closed) return Promise.reject(ClientError.closed());
    if (this.relayClient?.isOpen) return Promise.resolve();
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    const Ctor =
      this.options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (!Ctor) throw ClientError.noWebSocket();
    this.setState('connecting');
    try {
      this.relayClient = await RelayClient.connect(this.options.relay, Ctor, {
        onDeliver: (env) => this.cores.get(env.room)?.onDeliver(env),
        onDestroyed: (id) => {
          const core = this.cores.get(id);
          if (!core) return;
          this.emit('room', { room: id, kind: 'destroyed' });
          core.drop().catch((err) => this.emit('error', err as Error));
        },
        onClose: (code, reason) => {
          this.relayClient = undefined;
          this.outbox.disconnected();
          for (const id of [...this.waiters.keys()]) this.settle(id, undefined);
          this.setState('disconnected', code, reason);
          if (!this.closed && !this.manualDisconnect && this.wasConnected) {
            const r = this.reconnector;
            if (r?.state.kind === 'connected') r.disconnected();
            else r?.start();
          }
          this.wasConnected = false;
        },
        onError: (err) => this.emit('error', err),
        onSignal: (room, data) => this.cores.get(room)?.onSignal(data),
      });
    } catch (err) {
      this.setState('disconnected');
      throw err;
    }
    this.manualDisconnect = false;
    this.wasConnected = true;
    this.setState('connected');
    const relay = this.relayClient;
    for (const core of this.cores.values()) {
      await core.attach(relay).catch((err) => this.emit('error', err as Error));
    }
    // Every room rejoined (with resume): now what waits in the outbox goes out, in order.
    if (relay.isOpen) void this.outbox.connected();
  }

  /**
   * Creates a group room (MLS) with this client as its only member; invite others with {@link Room.invite}.
   * The room id is random (128 bits).
   * @throws ClientError `CLIENT_INVALID_ARGUMENT`, `CLIENT_NOT_CONNECTED`.
   */
  async createRoom(options: CreateRoomOptions = {}): Promise<Room> {
    const meta = this.newMeta('group', options);
    const id = randomId();
    const core = await GroupRoom.create(id, this.ctx, meta);
    return this.add(core, async () => {});
  }

  /**
   * Creates a 1:1 room (PQXDH + Double Ratchet). Its {@link Room.invite} link lets exactly one other person
   * join; the creator can send once that person has joined (`member` event, {@link Room.ready}).
   * Until then the invite's prekey secrets are kept in the encrypted store: a client closed and reopened from
   * it before the peer joined still completes the session when the peer's first message arrives.
   * @throws ClientError `CLIENT_INVALID_ARGUMENT`, `CLIENT_NOT_CONNECTED`; CryptoError `CRYPTO_NOT_LOADED` when
   *   the 1:1 rooms' code (a lazy chunk in the script-tag build) could not be loaded.
   */
  async createDirectRoom(options: CreateRoomOptions = {}): Promise<Room> {
    const meta = this.newMeta('direct', options);
    const { DirectRoom } = await loadDirectRooms();
    const core = new DirectRoom(randomId(), this.ctx, meta, Date.now());
    return this.add(core, () => core.publishPrekeys());
  }

  /**
   * Joins a room from an invite link (group or 1:1). A group join waits until a member admits this client.
   * @throws ClientError `CLIENT_BAD_INVITE`, `CLIENT_INVITE_EXPIRED`, `CLIENT_JOIN_TIMEOUT`, `CLIENT_NOT_CONNECTED`,
   *   `CLIENT_CLOSED` when the client is closed before the join completes (a group join that had stored its
   *   request completes after the client is reopened on the same store); CryptoError `CRYPTO_NOT_LOADED` when the
   *   code a link needs (the 1:1 rooms', or a group's membership code) could not be loaded.
   */
  async joinByLink(link: string): Promise<Room> {
    const invite = parseInviteLink(link);
    const existing = this.facades.get(invite.roomId);
    if (existing) return existing;
    if (invite.kind === 'group') {
      if (invite.expiresAt < Date.now()) throw ClientError.inviteExpired();
      const core = new GroupRoom(
        invite.roomId,
        this.ctx,
        { kind: 'group', names: {}, invites: [] },
        Date.now(),
      );
      return this.add(core, () => core.requestJoin(invite));
    }
    const { DirectRoom } = await loadDirectRooms();
    const core = new DirectRoom(
      invite.roomId,
      this.ctx,
      { kind: 'direct', names: {}, invites: [] },
      Date.now(),
    );
    return this.add(core, () => core.start(invite));
  }

  /**
   * Downloads and decrypts an attachment from the relay's blob store, checking every chunk and the manifest's
   * digest. For large files prefer {@link CrypTalkClient.downloadAttachmentStream}.
   * @param ref - a message's `attachment` (or any {@link AttachmentRef}).
   * @param options - `onProgress` (monotonic `{ phase: 'download', bytes, total }`), `signal`, `resume`, `onState`.
   * @throws AttachmentError (`ATTACHMENT_DECRYPT_FAILED`, `ATTACHMENT_DIGEST_MISMATCH`, `ATTACHMENT_ABORTED`, …).
   */
  async downloadAttachment(
    ref: AttachmentRef,
    options: Omit<DownloadOptions, 'relay'> = {},
  ): Promise<Uint8Array> {
    const { downloadAttachmentBytes } = await loadTransfer(); // the transfer code loads on the first file
    return downloadAttachmentBytes(ref, { ...options, relay: this.options.relay });
  }

  /** Like {@link CrypTalkClient.downloadAttachment}, chunk by chunk (memory: one chunk). */
  downloadAttachmentStream(
    ref: AttachmentRef,
    options: Omit<DownloadOptions, 'relay'> = {},
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const relay = this.options.relay;
    return (async function* () {
      const { downloadAttachment } = await loadTransfer();
      yield* downloadAttachment(ref, { ...options, relay });
    })();
  }

  /**
   * Changes this device's display name and sends it to every room in an encrypted profile.
   * @throws ClientError `CLIENT_INVALID_ARGUMENT`.
   */
  async setDisplayName(name: string): Promise<void> {
    await this.account.setDisplayName(this.store, name);
    for (const core of this.cores.values()) {
      core.announce();
    }
  }

  /**
   * Closes the connection but keeps the client usable: {@link CrypTalkClient.connect} rejoins every room and
   * resumes after the last envelope each processed (the relay sends exactly what was missed).
   */
  disconnect(): void {
    this.manualDisconnect = true;
    this.reconnector?.stop();
    this.relayClient?.close();
  }

  /**
   * Closes the connection, waits for every room's pending work to be stored, and closes the store if the
   * client opened it. The client cannot be used afterwards; open a new one on the same store to carry on.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await Promise.all([...this.cores.values()].map((c) => c.enqueue(async () => c.stop())));
    this.closed = true;
    this.reconnector?.stop();
    await this.outbox.close();
    for (const id of [...this.waiters.keys()]) this.settle(id, undefined);
    this.relayClient?.close();
    this.relayClient = undefined;
    if (this.ownsStore) await this.store.close();
  }

  private newMeta(kind: 'group' | 'direct', options: CreateRoomOptions): RoomMeta {
    const meta: RoomMeta = { kind, names: {}, invites: [] };
    if (options.name !== undefined) {
      if (typeof options.name !== 'string' || options.name.length > MAX_ROOM_NAME_LENGTH) {
        throw ClientError.invalidArgument('name', `a string of at most ${MAX_ROOM_NAME_LENGTH} characters`);
      }
      meta.name = options.name;
    }
    const ttl = options.persistent ? MAX_ROOM_TTL_SECONDS : options.ttlSeconds;
    if (ttl !== undefined) {
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ROOM_TTL_SECONDS) {
        throw ClientError.invalidArgument('ttlSeconds', `an integer in 1..${MAX_ROOM_TTL_SECONDS}`);
      }
      meta.ttl = ttl;
    }
    return meta;
  }

  /** Registers a room, joins it at the relay, runs its setup, saves it; undoes all on failure. */
  private async add(core: RoomCore, setup: () => Promise<void>): Promise<Room> {
    const relay = this.ctx.relay();
    this.cores.set(core.id, core);
    try {
      await core.attach(relay);
      await setup();
      await core.save();
    } catch (err) {
      // Closed while a join waited: its state stays in the store and the join completes after a restart. Whatever
      // step the close cut short (a store write, a relay call), the caller learns that the client closed.
      if (this.closing)
        throw err instanceof ClientError && err.code === 'CLIENT_CLOSED' ? err : ClientError.closed(err);
      this.cores.delete(core.id);
      await core.drop().catch(() => undefined);
      relay.leave(core.id).catch(() => undefined);
      throw err;
    }
    const room = new Room(core);
    this.facades.set(core.id, room);
    return room;
  }

  /** Loads every saved room. */
  private async restore(): Promise<void> {
    for (const record of await this.store.rooms.list()) {
      const meta = await this.store.kv.get<RoomMeta>(roomMetaKey(record.id));
      if (!meta) continue;
      let core: RoomCore;
      if (meta.kind === 'group') {
        if (!record.state) {
          // a join still waiting for its Welcome: it completes when the Welcome arrives in the backlog
          const pending = new GroupRoom(record.id, this.ctx, meta, record.joinedAt);
          const member = await this.store.kv.get<Uint8Array>(roomPrekeysKey(record.id));
          const restored = member instanceof Uint8Array && pending.restorePendingJoin(member);
          if (member instanceof Uint8Array) member.fill(0);
          if (!restored) {
            // a join from an older version (its key package's private keys were never stored): forget it
            await this.store.rooms.delete(record.id);
            await this.store.kv.delete(roomMetaKey(record.id));
            continue;
          }
          core = pending;
        } else {
          core = new GroupRoom(
            record.id,
            this.ctx,
            meta,
            record.joinedAt,
            MlsGroup.deserialize(record.state),
          );
        }
      } else {
        const session = await this.store.sessions.get(record.id);
        const { DirectRoom } = await loadDirectRooms();
        const direct = new DirectRoom(
          record.id,
          this.ctx,
          meta,
          record.joinedAt,
          session ? DirectRoom.restoreSession(session.state) : undefined,
        );
        if (!session) {
          // the creator of a 1:1 room whose peer had not joined yet: its invite's prekeys are in the store
          const prekeys = await this.store.kv.get<Uint8Array>(roomPrekeysKey(record.id));
          if (prekeys instanceof Uint8Array) {
            direct.restorePrekeys(prekeys);
            prekeys.fill(0);
          }
        }
        core = direct;
      }
      await core.loadHistory();
      this.cores.set(record.id, core);
      this.facades.set(record.id, new Room(core));
    }
  }

  private setState(
    state: ConnectionState,
    code?: number,
    reason?: string,
    retry?: { attempt: number; delayMs: number },
  ): void {
    this.state = state;
    this.emit('connection', {
      state,
      ...(code === undefined ? {} : { code }),
      ...(reason ? { reason } : {}),
      ...(retry ?? {}),
    });
  }
}
