import {
  type AttachmentRef,
  type AttachmentSource,
  blobSource,
  bytesSource,
  loadTransfer,
  type TransferProgress,
} from '../attachments/index.js';
import type { Call, CallOptions } from '../calls/index.js';
import type { SafetyNumber } from '../crypto/identity/index.js';
import type { Unsubscribe } from '../emitter.js';
import { ClientError } from '../errors.js';
import type { ChatMessage, MemberInfo } from '../events.js';
import type { LinkPreviewDraft, Mention } from '../messages/index.js';
import { randomId } from '../protocol/index.js';
import { type RoomCallEnvironment, RoomCalls, type RoomEvents } from './room-calls.js';
import type { HistoryPage, RoomCore } from './room-core.js';
import type { PendingUpload } from './upload-store.js';

/** Options of {@link Room.sendAttachment}. */
export interface SendAttachmentOptions {
  /** The file name shown to receivers. @default the `File`'s name, else 'file' */
  name?: string;
  /** The MIME type. @default the `Blob`'s type, else 'application/octet-stream' */
  mime?: string;
  /** Monotonic upload progress `{ phase: 'upload', bytes, total }`. */
  onProgress?: (p: TransferProgress) => void;
  /** Aborts the upload (`ATTACHMENT_ABORTED`). */
  signal?: AbortSignal;
  /** Plaintext bytes per encrypted chunk. @default 256 KiB */
  chunkSize?: number;
  /**
   * Names this upload so it can continue after an interruption, even after a restart: its progress (and file
   * key) is kept in the encrypted store after every segment. Call again with the same id and the same file
   * (bytes or `Blob`) to continue from the last complete segment; the part already sent is checked against the
   * stored segment hashes first (`ATTACHMENT_SOURCE_CHANGED` for a different file, and the saved progress is
   * dropped). {@link Room.pendingUploads} lists interrupted ones. @default a fresh id (still resumable through
   * `pendingUploads`)
   */
  uploadId?: string;
}

/** Options of {@link Room.send}. */
export interface SendOptions {
  /** The id of the message this one answers (a reply). */
  replyTo?: string;
  /** Members mentioned in the text: `{ member, start, length }`, ranges in UTF-16 code units. */
  mentions?: readonly Mention[];
  /**
   * The link preview: a draft the app made itself (e.g. with `makeLinkPreview`), sent right after the
   * message before `send` resolves; `false` for none. @default with the client's `linkPreviews` fetcher, the
   * first https link of the text is fetched and previewed in the background; without it, none
   */
  preview?: LinkPreviewDraft | false;
}

/**
 * A room this client is a member of: a group on MLS, or a 1:1 room on PQXDH + the Double Ratchet. Obtained
 * from {@link CrypTalkClient.createRoom}, {@link CrypTalkClient.createDirectRoom},
 * {@link CrypTalkClient.joinByLink} or {@link CrypTalkClient.rooms}. Everything sent is end-to-end encrypted;
 * the relay sees only ciphertext.
 */
export class Room {
  private readonly calls: RoomCalls;

  /** @internal Built by the client. */
  constructor(private readonly core: RoomCore) {
    this.calls = new RoomCalls(core);
  }

  /**
   * Starts a voice/video call in the room: rings every member (an end-to-end-encrypted ephemeral signal),
   * connects P2P with the first to join (TURN credentials from the relay), and moves to the LiveKit SFU with
   * end-to-end media encryption when P2P does not connect in time or a third member joins. Needs the client
   * option `calls: { CallManager }` (from `@cryptalk/sdk/calls`), so apps that never call never bundle
   * WebRTC or LiveKit code.
   * @throws CallError `CALL_UNSUPPORTED` (rejects) without `calls.CallManager`.
   * @example
   * const call = await room.call({ audio: true, video: true });
   * call.on('track', ({ stream }) => { video.srcObject = stream; });
   */
  call(options: CallOptions = {}): Promise<Call> {
    return this.calls.call(options);
  }

  /**
   * Subscribes to a room event: `ringing` when another member starts a call (`incoming.join()` answers).
   * @returns the function that unsubscribes.
   * @throws CallError `CALL_UNSUPPORTED` for `ringing` without the `calls.CallManager` client option.
   */
  on<K extends keyof RoomEvents>(event: K, listener: (payload: RoomEvents[K]) => void): Unsubscribe {
    if (event !== 'ringing') throw new TypeError(`unknown room event: ${String(event)}`);
    return this.calls.onRinging(listener);
  }

  /**
   * The room's call environment without the browser parts (encrypted signals, relay credentials, the media
   * group secret): for running calls on another thread than the client, e.g. the widget's page thread while
   * the client runs in a Worker. Most apps use {@link Room.call} instead. Its signal framing and credential
   * requests load on first use (a lazy chunk where the bundle splits); signals sent or received meanwhile wait
   * and go on in order, so nothing needs to be awaited first.
   */
  callEnvironment(): RoomCallEnvironment {
    return this.calls.environment;
  }

  /** The room's id (random, 128 bits, base64url). */
  get id(): string {
    return this.core.id;
  }

  /** `group` (MLS) or `direct` (1:1). */
  get kind(): 'group' | 'direct' {
    return this.core.kind;
  }

  /** The room's local name, if given at creation. */
  get name(): string | undefined {
    return this.core.meta.name;
  }

  /** Whether messages can be sent now (a 1:1 room's creator waits for the peer to join). */
  get ready(): boolean {
    return this.core.ready;
  }

  /** The members as this client knows them (with display names from their encrypted profiles). */
  members(): MemberInfo[] {
    return this.core.members();
  }

  /**
   * Sends a text message, or a reply with `replyTo`.
   * @returns the message once the relay has stored it (with its offset).
   * @throws ClientError `CLIENT_NOT_A_MEMBER`, `CLIENT_PEER_NOT_READY`, `CLIENT_NOT_CONNECTED`;
   *   MessageError for a text over 16 KiB or invalid mentions.
   */
  async send(text: string, options: SendOptions = {}): Promise<ChatMessage> {
    if (typeof text !== 'string') throw new TypeError('text must be a string');
    const mentions = options.mentions ?? [];
    const m = await this.core.sendMessage(
      options.replyTo === undefined
        ? { kind: 'text', text, mentions }
        : { kind: 'reply', target: options.replyTo, text, mentions },
    );
    if (!m) throw ClientError.invalidArgument('text', 'a message (it expired at once)');
    const preview = options.preview;
    if (preview === undefined) this.core.previewInBackground(m.msgId, text);
    else if (preview !== false) {
      await this.core.sendLinkPreview(m.msgId, preview);
      return this.core.message(m.msgId) ?? m;
    }
    return m;
  }

  /**
   * Sends opaque content bytes (an application's own encoding; receivers get them as `type: 'content'`).
   * @throws ClientError as {@link Room.send}.
   */
  sendContent(content: Uint8Array): Promise<ChatMessage> {
    if (!(content instanceof Uint8Array))
      return Promise.reject(new TypeError('content must be a Uint8Array'));
    return this.core.sendContent(content.slice());
  }

  /**
   * Encrypts a file in chunks with a fresh key, uploads it to the relay's blob store (the relay sees only
   * ciphertext), then sends an `attachment` message carrying the key and the manifest's digest. Receivers get
   * `message.attachment` and call {@link CrypTalkClient.downloadAttachment}.
   * @param source - bytes, a `Blob`/`File`, or an {@link AttachmentSource}.
   * @throws AttachmentError for transfer failures; ClientError as {@link Room.send}.
   */
  async sendAttachment(
    source: Uint8Array | Blob | AttachmentSource,
    options: SendAttachmentOptions = {},
  ): Promise<ChatMessage> {
    const src =
      source instanceof Uint8Array
        ? bytesSource(source)
        : typeof Blob !== 'undefined' && source instanceof Blob
          ? blobSource(source)
          : (source as AttachmentSource);
    const blob = typeof Blob !== 'undefined' && source instanceof Blob ? source : undefined;
    const uploads = await this.core.uploads();
    const uploadId = options.uploadId ?? randomId();
    const saved = await uploads.get(uploadId);
    const name = options.name ?? saved?.name ?? (blob as { name?: string } | undefined)?.name ?? 'file';
    const mime = options.mime ?? saved?.mime ?? (blob?.type || 'application/octet-stream');
    let ref: AttachmentRef;
    try {
      const { uploadAttachment } = await loadTransfer(); // the transfer code loads on the first file
      ref = await uploadAttachment(src, {
        relay: this.core.relayUrl,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
        ...(saved ? { resume: saved.state, verifyResume: true } : {}),
        onState: (state) => uploads.save(uploadId, { state, name, mime }),
      });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ATTACHMENT_SOURCE_CHANGED' || code === 'ATTACHMENT_BAD_RESUME_STATE')
        await uploads.delete(uploadId).catch(() => undefined);
      throw err;
    }
    const m = await this.core.sendMessage({
      kind: 'attachment',
      blobId: ref.blobId,
      key: ref.key,
      size: ref.size,
      chunkSize: ref.chunkSize,
      digest: ref.digest,
      mime,
      name,
    });
    await uploads.delete(uploadId);
    if (!m) throw ClientError.invalidArgument('source', 'an attachment (it expired at once)');
    return m;
  }

  /**
   * Uploads of this room that did not finish (closed, offline, aborted), kept in the encrypted store: pass an
   * entry's `uploadId` and the same file to {@link Room.sendAttachment} to continue it.
   */
  async pendingUploads(): Promise<PendingUpload[]> {
    return (await this.core.uploads()).list();
  }

  /**
   * Replaces the text of one of this client's messages, for everyone.
   * @returns the message as shown now.
   * @throws ClientError `CLIENT_INVALID_ARGUMENT` when `msgId` is not one of this client's (undeleted) messages.
   */
  async edit(
    msgId: string,
    text: string,
    options: { mentions?: readonly Mention[] } = {},
  ): Promise<ChatMessage> {
    this.ownMessage(msgId);
    await this.core.sendMessage({ kind: 'edit', target: msgId, text, mentions: options.mentions ?? [] });
    return this.message(msgId) as ChatMessage;
  }

  /**
   * Deletes one of this client's messages for everyone (the history keeps a tombstone; its content is erased
   * from every member's store). A message that never left this device (written offline, still waiting in the
   * outbox) is withdrawn instead, with its edits and reactions: nobody ever receives it, or a delete, and it
   * leaves no tombstone (`message(msgId)` is then `undefined`; its `send()` resolved or resolves with offset −1).
   * @throws ClientError `CLIENT_INVALID_ARGUMENT` when `msgId` is not one of this client's messages.
   */
  async delete(msgId: string): Promise<void> {
    this.ownMessage(msgId);
    if (await this.core.withdraw(msgId)) return;
    await this.core.sendMessage({ kind: 'delete', target: msgId });
  }

  /**
   * Adds (or, with `add: false`, removes) this client's reaction to a message.
   * @throws ClientError `CLIENT_INVALID_ARGUMENT` for an unknown message; MessageError for an emoji over 64 bytes.
   */
  async react(msgId: string, emoji: string, add = true): Promise<void> {
    if (!this.core.view(msgId)) throw ClientError.invalidArgument('msgId', 'a message of this room');
    await this.core.sendMessage({ kind: 'reaction', target: msgId, emoji, add });
  }

  /**
   * Tells the room this client has read everything up to and including `upToMsgId` (a read receipt). Does
   * nothing when the client's `receipts` privacy option is off.
   */
  async markRead(upToMsgId: string): Promise<void> {
    if (!this.core.privacy.receipts) return;
    await this.core.sendMessage({ kind: 'receipt', upTo: upToMsgId });
  }

  /**
   * Tells the room this client is (or stopped) typing: an encrypted ephemeral relay signal, never stored, lost
   * when offline. Does nothing when the client's `typing` privacy option is off.
   */
  typing(active: boolean): Promise<void> {
    if (!this.core.privacy.typing) return Promise.resolve();
    return this.core.sendTyping(active === true);
  }

  /**
   * Sets the room's disappearing-message timer for everyone: messages sent from now on disappear `seconds`
   * after they were sent (from the log, the store and their keys); 0 turns it off.
   * @throws MessageError for more than a year.
   */
  async setDisappearing(seconds: number): Promise<void> {
    if (!Number.isSafeInteger(seconds) || seconds < 0) {
      throw ClientError.invalidArgument('seconds', 'a whole number of seconds ≥ 0');
    }
    await this.core.sendMessage({ kind: 'timer', seconds });
  }

  /** The room's disappearing-message timer in seconds (0: off). */
  get disappearing(): number {
    return this.core.timer;
  }

  /** A message as shown now (edits, deletes and reactions applied), if this client has it. */
  message(msgId: string): ChatMessage | undefined {
    return this.core.message(msgId);
  }

  /** The last read receipt of each member: member id → the id of the last message read. */
  receipts(): Map<string, string> {
    return this.core.receipts();
  }

  private ownMessage(msgId: string): void {
    const m = this.core.view(msgId);
    if (!m || m.sender !== this.core.selfId || m.deleted) {
      throw ClientError.invalidArgument('msgId', 'one of your own messages in this room');
    }
  }

  /**
   * A page of the room's history as shown (edits applied, deletes as tombstones, reactions aggregated), newest
   * first, from the encrypted local store.
   * @param options - `before`: an offset (exclusive), e.g. the previous page's `next`; `limit` (default 50, ≤ 500).
   */
  history(options?: { before?: number; limit?: number }): Promise<HistoryPage> {
    return this.core.history(options);
  }

  /**
   * Replaces this device's keys in the room now, so keys taken from it earlier stop opening later messages
   * (post-compromise security). Group rooms commit an MLS update (the client also does this on its own when a
   * send finds its keys older than {@link CrypTalkClientOptions.keyUpdateIntervalMs}); a 1:1 room has nothing
   * to do, its Double Ratchet replaces keys with every reply.
   *
   * @returns true when the keys were replaced; false in a 1:1 room, or when another member's commit took the
   *   group's epoch first (try again).
   * @throws ClientError `CLIENT_NOT_A_MEMBER`, `CLIENT_NOT_CONNECTED`.
   */
  updateKeys(): Promise<boolean> {
    return this.core.updateKeys();
  }

  /**
   * An invite link; its joining secret sits in the URL fragment. Group rooms: a new link each call, valid for
   * `ttlSeconds` (default 7 days). 1:1 rooms: the one link, until the other person joined.
   */
  invite(options: { ttlSeconds?: number } = {}): Promise<string> {
    return this.core.invite(options.ttlSeconds);
  }

  /**
   * The safety number between this client and a member, to compare out of band.
   * @param memberId - a {@link MemberInfo.id}.
   * @throws ClientError `CLIENT_UNKNOWN_MEMBER`.
   */
  safetyNumber(memberId: string): SafetyNumber {
    return this.core.safetyNumber(memberId);
  }

  /** Leaves the room (the group removes this client) and deletes it from this device; its calls end. */
  async leave(): Promise<void> {
    await this.calls.close().catch(() => undefined);
    return this.core.leave();
  }

  /**
   * Destroys the room at the relay for everyone (only its creator may) and deletes it here.
   * @throws ClientError `CLIENT_RELAY_ERROR` when this client did not create it.
   */
  async destroy(): Promise<void> {
    if (!this.core.alive) throw ClientError.unknownRoom();
    await this.core.destroy();
  }
}
