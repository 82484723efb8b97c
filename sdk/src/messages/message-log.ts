/**
 * `MessageLog`: the reducer that turns the messages of one room, in whatever order they arrive, into what a UI
 * shows. Its result depends only on the set of messages applied, never on their order (property-tested):
 *
 * - Every message is applied once (deduped by `msgId`).
 * - Edits: the one with the greatest `(sentAt, msgId)` from the original's sender wins; others' edits are ignored.
 *   An edit that arrives before its original is kept and applied when the original arrives.
 * - Deletes for everyone win: once the original's sender deleted it, it shows as a tombstone whatever else
 *   arrives (edits, reactions, previews) before or after.
 * - Reactions: one last-writer-wins register per (member, target, emoji), ordered by `(sentAt, msgId)`; applying
 *   the same add or remove again changes nothing.
 * - Receipts, profiles and the room timer are last-writer-wins per member (per room for the timer).
 * - Typing is ephemeral: reported, never kept.
 * - Disappearing: each message expires `expireAfter` seconds after min(sentAt, receivedAt); {@link purge} drops
 *   them and everything that referred to them.
 *
 * @module
 */
import { expiryOf, isExpired } from './disappearing.js';
import { LOG_DEFAULT_MAX_MESSAGES, LOG_DEFAULT_MAX_ORPHANS } from './limits.js';
import type {
  AttachmentContent,
  LinkPreviewContent,
  Mention,
  PlainMessage,
  ProfileContent,
  ReplyContent,
  TextContent,
} from './types.js';

/** A decrypted message handed to the log. */
export interface IncomingMessage {
  /** The protocol message id (dedupe key). */
  readonly msgId: string;
  /** Who sent it (authenticated by the encryption layer). */
  readonly sender: string;
  /** The relay offset, once known (orders the history). */
  readonly offset?: number;
  /** When it arrived here (or was sent, for own messages), ms since the epoch. */
  readonly receivedAt: number;
  /** The decoded content. */
  readonly message: PlainMessage;
}

/** A reaction as shown: an emoji and who reacted with it (sorted). */
export interface ReactionView {
  readonly emoji: string;
  readonly members: readonly string[];
}

/** A message as shown. */
export interface MessageView {
  readonly msgId: string;
  readonly sender: string;
  readonly sentAt: number;
  readonly offset?: number;
  readonly expiresAt?: number;
  /** `text`, `reply` or `attachment`; a deleted message keeps its kind. */
  readonly kind: 'text' | 'reply' | 'attachment';
  /** Current text (after edits); empty when deleted or for attachments. */
  readonly text: string;
  readonly mentions: readonly Mention[];
  /** The message answered, for replies. */
  readonly replyTo?: string;
  /** The attachment reference, unless deleted. */
  readonly attachment?: AttachmentContent;
  /** The sender's link preview, unless deleted. */
  readonly preview?: LinkPreviewContent;
  /** Whether an edit applies. */
  readonly edited: boolean;
  /** Deleted for everyone: a tombstone without content or reactions. */
  readonly deleted: boolean;
  /** Reactions by emoji (sorted by emoji). */
  readonly reactions: readonly ReactionView[];
}

/** What applying a message changed. */
export type LogChange =
  | { readonly type: 'duplicate' | 'expired'; readonly msgId: string }
  | { readonly type: 'added' | 'updated' | 'deleted'; readonly msgId: string }
  | { readonly type: 'pending'; readonly msgId: string; readonly target: string }
  | { readonly type: 'receipt'; readonly member: string; readonly upTo: string }
  | { readonly type: 'typing'; readonly member: string; readonly active: boolean }
  | { readonly type: 'timer'; readonly seconds: number }
  | { readonly type: 'profile'; readonly member: string }
  | { readonly type: 'ignored'; readonly msgId: string };

/** Options of a {@link MessageLog}. */
export interface MessageLogOptions {
  /** Most messages kept; the oldest applied are dropped from memory first. @default 10000 */
  readonly maxMessages?: number;
  /** Most operations kept for targets not seen yet. @default 10000 */
  readonly maxOrphans?: number;
}

type Base = {
  readonly incoming: IncomingMessage;
  readonly content: TextContent | ReplyContent | AttachmentContent;
  readonly expiresAt?: number;
};

/** An ordering key: (sentAt, msgId). */
type Stamp = { readonly sentAt: number; readonly msgId: string };

type Edit = Stamp & { readonly text: string; readonly mentions: readonly Mention[] };
type Reaction = Stamp & { readonly add: boolean };
type Preview = Stamp & { readonly preview: LinkPreviewContent };

interface TargetOps {
  readonly edits: Map<string, Edit>;
  readonly deletes: Set<string>;
  readonly reactions: Map<string, Reaction>;
  readonly previews: Map<string, Preview>;
}

function later(a: Stamp | undefined, b: Stamp): boolean {
  if (!a) return true;
  return b.sentAt > a.sentAt || (b.sentAt === a.sentAt && b.msgId > a.msgId);
}

function stamp(m: IncomingMessage): Stamp {
  return { sentAt: m.message.sentAt, msgId: m.msgId };
}

/** The reducer of one room's messages. See the module comment for its rules. */
export class MessageLog {
  private readonly seen = new Set<string>();
  private readonly bases = new Map<string, Base>();
  private readonly ops = new Map<string, TargetOps>();
  /** Views computed since their message or its operations last changed. */
  private readonly views = new Map<string, MessageView>();
  /** {@link MessageLog.list}'s order, until the next change. */
  private sorted: MessageView[] | undefined;
  private readonly receiptsByMember = new Map<string, Stamp & { upTo: string }>();
  private readonly profilesByMember = new Map<string, Stamp & { profile: ProfileContent }>();
  private timerSetting: (Stamp & { seconds: number }) | undefined;
  private readonly maxMessages: number;
  private readonly maxOrphans: number;

  /** @param options - memory bounds. */
  constructor(options: MessageLogOptions = {}) {
    this.maxMessages = options.maxMessages ?? LOG_DEFAULT_MAX_MESSAGES;
    this.maxOrphans = options.maxOrphans ?? LOG_DEFAULT_MAX_ORPHANS;
  }

  /**
   * Applies one message.
   *
   * @param m - the decrypted message with its sender and arrival time.
   * @param now - the current time, for expiry (default `receivedAt`).
   * @returns what changed.
   */
  apply(m: IncomingMessage, now: number = m.receivedAt): LogChange {
    this.sorted = undefined;
    this.views.delete(m.msgId);
    const target = (m.message.content as { target?: unknown }).target;
    if (typeof target === 'string') this.views.delete(target);
    if (this.seen.has(m.msgId)) {
      const base = this.bases.get(m.msgId);
      // The relay's ack or a resume may bring the offset of a message applied before (e.g. an own message).
      if (base && m.offset !== undefined && base.incoming.offset === undefined) {
        this.bases.set(m.msgId, { ...base, incoming: { ...base.incoming, offset: m.offset } });
        return { type: 'updated', msgId: m.msgId };
      }
      return { type: 'duplicate', msgId: m.msgId };
    }
    this.seen.add(m.msgId);
    const c = m.message.content;
    const s = stamp(m);
    switch (c.kind) {
      case 'text':
      case 'reply':
      case 'attachment': {
        const expiresAt = expiryOf(m.message.sentAt, m.receivedAt, m.message.expireAfter);
        if (isExpired(expiresAt, now)) return { type: 'expired', msgId: m.msgId };
        this.bases.set(
          m.msgId,
          expiresAt === undefined ? { incoming: m, content: c } : { incoming: m, content: c, expiresAt },
        );
        this.trim();
        return { type: this.isDeleted(m.msgId) ? 'deleted' : 'added', msgId: m.msgId };
      }
      case 'edit': {
        const ops = this.opsFor(c.target);
        if (later(ops.edits.get(m.sender), s)) {
          ops.edits.set(m.sender, { ...s, text: c.text, mentions: c.mentions });
        }
        return this.targetChange(m.msgId, c.target);
      }
      case 'delete':
        this.opsFor(c.target).deletes.add(m.sender);
        if (this.bases.has(c.target) && this.isDeleted(c.target)) {
          this.dropOps(c.target, true);
          return { type: 'deleted', msgId: c.target };
        }
        return this.targetChange(m.msgId, c.target);
      case 'reaction': {
        const ops = this.opsFor(c.target);
        const key = JSON.stringify([m.sender, c.emoji]);
        if (later(ops.reactions.get(key), s)) ops.reactions.set(key, { ...s, add: c.add });
        return this.targetChange(m.msgId, c.target);
      }
      case 'link-preview': {
        const ops = this.opsFor(c.target);
        if (later(ops.previews.get(m.sender), s)) ops.previews.set(m.sender, { ...s, preview: c });
        return this.targetChange(m.msgId, c.target);
      }
      case 'receipt':
        if (later(this.receiptsByMember.get(m.sender), s))
          this.receiptsByMember.set(m.sender, { ...s, upTo: c.upTo });
        return { type: 'receipt', member: m.sender, upTo: c.upTo };
      case 'typing':
        this.seen.delete(m.msgId); // ephemeral: never remembered
        return { type: 'typing', member: m.sender, active: c.active };
      case 'timer':
        if (later(this.timerSetting, s)) this.timerSetting = { ...s, seconds: c.seconds };
        return { type: 'timer', seconds: this.timerSetting?.seconds ?? 0 };
      case 'profile':
        if (later(this.profilesByMember.get(m.sender), s))
          this.profilesByMember.set(m.sender, { ...s, profile: c });
        return { type: 'profile', member: m.sender };
    }
  }

  /**
   * Whether a message with this id was ever applied (any kind but typing; purged and deleted ones included):
   * a delivery of a known id is a duplicate, answered from memory without reading the store.
   */
  has(msgId: string): boolean {
    return this.seen.has(msgId);
  }

  /** The current view of one message, or undefined when unknown (or purged). */
  get(msgId: string): MessageView | undefined {
    const base = this.bases.get(msgId);
    return base ? this.view(base) : undefined;
  }

  /**
   * Every message, ordered by relay offset (messages without one last), then sentAt, then msgId. The sorted
   * list is kept until the next change, so paging a long history sorts once (callers get a copy).
   */
  list(): MessageView[] {
    this.sorted ??= this.sortedViews();
    return this.sorted.slice();
  }

  private sortedViews(): MessageView[] {
    const all = [...this.bases.values()].map((b) => this.view(b));
    return all.sort((a, b) => {
      const ao = a.offset ?? Number.POSITIVE_INFINITY;
      const bo = b.offset ?? Number.POSITIVE_INFINITY;
      if (ao !== bo) return ao < bo ? -1 : 1;
      if (a.sentAt !== b.sentAt) return a.sentAt - b.sentAt;
      return a.msgId < b.msgId ? -1 : a.msgId > b.msgId ? 1 : 0;
    });
  }

  /** The room's disappearing timer in seconds (0: off), as last set. */
  get timer(): number {
    return this.timerSetting?.seconds ?? 0;
  }

  /** The last read receipt of each member: member → message id read up to. */
  receipts(): Map<string, string> {
    return new Map([...this.receiptsByMember].map(([k, v]) => [k, v.upTo]));
  }

  /** The last profile of a member. */
  profile(member: string): ProfileContent | undefined {
    return this.profilesByMember.get(member)?.profile;
  }

  /**
   * Removes the messages expired at `now`, with every edit, reaction and preview of them.
   *
   * @returns the ids removed (the caller deletes them from the store, with their keys and attachments).
   */
  purge(now: number): string[] {
    this.sorted = undefined;
    const removed: string[] = [];
    for (const [id, base] of this.bases) {
      if (isExpired(base.expiresAt, now)) {
        this.bases.delete(id);
        this.ops.delete(id);
        this.views.delete(id);
        removed.push(id);
      }
    }
    return removed;
  }

  /**
   * Removes one message with its edits, reactions and previews, as if it had never been sent (one of this
   * client's own that never left the device). Its id stays known to {@link has}.
   *
   * @returns whether it was there.
   */
  remove(msgId: string): boolean {
    if (!this.bases.delete(msgId)) return false;
    this.sorted = undefined;
    this.ops.delete(msgId);
    this.views.delete(msgId);
    return true;
  }

  /** The earliest expiry of a kept message, to arm one timer. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const b of this.bases.values()) {
      if (b.expiresAt !== undefined && (next === undefined || b.expiresAt < next)) next = b.expiresAt;
    }
    return next;
  }

  private isDeleted(target: string): boolean {
    const base = this.bases.get(target);
    return !!base && !!this.ops.get(target)?.deletes.has(base.incoming.sender);
  }

  private targetChange(msgId: string, target: string): LogChange {
    if (!this.bases.has(target)) return { type: 'pending', msgId, target };
    if (this.isDeleted(target)) return { type: 'ignored', msgId };
    return { type: 'updated', msgId: target };
  }

  private opsFor(target: string): TargetOps {
    let ops = this.ops.get(target);
    if (!ops) {
      ops = { edits: new Map(), deletes: new Set(), reactions: new Map(), previews: new Map() };
      this.ops.set(target, ops);
      if (this.ops.size > this.maxOrphans + this.bases.size) this.dropOldestOrphan();
    }
    return ops;
  }

  /** Frees what a deleted message no longer needs; the delete itself stays so later operations stay ignored. */
  private dropOps(target: string, keepDeletes: boolean): void {
    const ops = this.ops.get(target);
    if (!ops) return;
    if (!keepDeletes) {
      this.ops.delete(target);
      return;
    }
    ops.edits.clear();
    ops.reactions.clear();
    ops.previews.clear();
  }

  private dropOldestOrphan(): void {
    for (const id of this.ops.keys()) {
      if (!this.bases.has(id)) {
        this.ops.delete(id);
        return;
      }
    }
  }

  private trim(): void {
    while (this.bases.size > this.maxMessages) {
      const oldest = this.bases.keys().next().value as string;
      this.bases.delete(oldest);
      this.views.delete(oldest);
      this.dropOps(oldest, false);
    }
  }

  private view(base: Base): MessageView {
    const cached = this.views.get(base.incoming.msgId);
    if (cached) return cached;
    const view = this.computeView(base);
    this.views.set(base.incoming.msgId, view);
    return view;
  }

  private computeView(base: Base): MessageView {
    // Built field by field (no spreads of partial objects): one view per message applied, on the hot path.
    const m = base.incoming;
    const c = base.content;
    const ops = this.ops.get(m.msgId);
    const deleted = !!ops?.deletes.has(m.sender);
    const view: { -readonly [K in keyof MessageView]?: MessageView[K] } = {
      msgId: m.msgId,
      sender: m.sender,
      sentAt: m.message.sentAt,
      kind: c.kind,
      deleted,
    };
    if (m.offset !== undefined) view.offset = m.offset;
    if (base.expiresAt !== undefined) view.expiresAt = base.expiresAt;
    if (c.kind === 'reply') view.replyTo = c.target;
    if (deleted) {
      view.text = '';
      view.mentions = [];
      view.edited = false;
      view.reactions = [];
      return view as MessageView;
    }
    const edit = c.kind === 'attachment' ? undefined : ops?.edits.get(m.sender);
    view.text = c.kind === 'attachment' ? '' : (edit?.text ?? c.text);
    view.mentions = c.kind === 'attachment' ? [] : (edit?.mentions ?? c.mentions);
    view.edited = edit !== undefined;
    view.reactions = ops && ops.reactions.size > 0 ? reactionViews(ops.reactions) : [];
    if (c.kind === 'attachment') view.attachment = c;
    const preview = ops?.previews.get(m.sender)?.preview;
    if (preview) view.preview = preview;
    return view as MessageView;
  }
}

/** Reactions that are on, grouped by emoji (sorted), each with its members (sorted). */
function reactionViews(reactions: ReadonlyMap<string, Reaction>): ReactionView[] {
  const byEmoji = new Map<string, string[]>();
  for (const [key, r] of reactions) {
    if (!r.add) continue;
    const [member, emoji] = JSON.parse(key) as [string, string];
    const list = byEmoji.get(emoji) ?? [];
    list.push(member);
    byEmoji.set(emoji, list);
  }
  return [...byEmoji]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([emoji, members]) => ({ emoji, members: members.sort() }));
}
