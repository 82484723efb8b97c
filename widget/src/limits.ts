/** The largest attachment the composer accepts, in bytes: 25 MiB, what the relay's blob store will hold. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/** How long a "typing" signal lasts without a new keystroke, in ms. */
export const TYPING_TIMEOUT_MS = 5_000;

/** The least time between two "typing" signals sent for one room, in ms (throttle). */
export const TYPING_THROTTLE_MS = 2_000;

/** The longest text the composer sends, in UTF-16 units (the SDK splits nothing; the relay caps frames). */
export const MAX_MESSAGE_LENGTH = 4_000;

/** Disappearing-message timers the UI offers, in seconds (0 = off). */
export const DISAPPEARING_TIMERS = [0, 3_600, 86_400, 604_800] as const;

/** Reactions offered in the quick picker. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/** Emoji offered by the composer's emoji picker. */
export const COMPOSER_EMOJI = [
  '😀',
  '😂',
  '😊',
  '😍',
  '🤔',
  '😮',
  '😢',
  '😡',
  '👍',
  '👎',
  '👏',
  '🙏',
  '🎉',
  '❤️',
  '🔥',
  '✅',
] as const;

/** While the page is hidden (no animation frames), received messages are applied at most this often, in ms. */
export const BACKGROUND_FLUSH_MS = 100;

/**
 * Least time between two batches of received messages applied to the open list, in ms. A lone message still
 * shows on the next frame; during a burst the list renders at most this often, so 1,000 messages in a few
 * seconds cost a few dozen renders, not one per message, and every render leaves the main thread idle for
 * most of the interval (issue #9: no main-thread task over 50 ms). 250 ms still reads as live for a chat.
 */
export const BURST_FLUSH_INTERVAL_MS = 250;

/**
 * Least time between two announcements of received messages in the panel's ARIA live region, in ms: a
 * burst is summarized ("12 new messages. New message from …") instead of read out message by message.
 */
export const LIVE_ANNOUNCE_INTERVAL_MS = 1_000;

/**
 * Pixels beyond the visible part of the message list that the virtual list still renders (the virtualizer's
 * default is 1,000). Enough that scrolling never shows a blank edge, while a burst that moves the view to
 * the newest message renders about a screenful of rows rather than three.
 */
export const MESSAGE_LIST_OVERHANG_PX = 400;

/**
 * Most messages the message list shows as plain rows; a room with more loads the virtual list (a lazy chunk:
 * Lit Labs' virtualizer and the list's flow layout, 8.3 KB gzip, issue #6) and keeps only the rows near the
 * view in the DOM. While that chunk loads, or when it failed to (the next need tries again), the list shows the
 * newest this many messages as plain rows. 80: above the 50 a room opens with (`ClientBackend.join` reads one
 * page of 50) plus the few dozen that arrive while it is open, so a first open never downloads the chunk; and
 * cheap to render once: 80 plain rows (55–90 px each, 11–18 screenfuls of a 400 px list) render and lay out in
 * about 8–12 ms of main thread (Chromium, 2-core machine, Lit's development build), 20 in about 3–4 ms. Past
 * that a plain list costs more with every message; the virtual list does not.
 */
export const MESSAGE_LIST_PLAIN_MAX = 80;

/**
 * Most received messages the `worker` placement carries in one message from the Worker to the page: the
 * page then handles a burst in a few dozen small tasks (structured clone, events, unread count) rather than
 * one task per message, and never in one big one.
 */
export const REMOTE_MESSAGE_BATCH_MAX = 20;

/**
 * How long the Worker gathers received messages before posting them to the page as one batch, in ms (one
 * frame): a lone message is delayed by at most this, a burst travels in batches of
 * {@link REMOTE_MESSAGE_BATCH_MAX}.
 */
export const REMOTE_MESSAGE_BATCH_MS = 16;

/**
 * Least time between two read receipts the open panel sends for a room, in ms. The first read after a quiet
 * spell goes out at once; during a burst the receipts coalesce into one for the newest message at the end of
 * each interval, so 1,000 messages cost a handful of encrypted receipts rather than one per rendered slice.
 */
export const READ_RECEIPT_INTERVAL_MS = 1_000;

/**
 * Most received messages one render of the open list adds (a slice); a batch with more renders in several
 * slices, one per frame, each in a task of its own, so no task renders a whole burst (issue #9). The message
 * list adds the rows it is handed while following the newest message in groups of its own (at most every
 * 100 ms, within a 3 ms budget: `message-tail.ts`), so a slice costs the panel's update (a copy of its
 * items, the list's division of them), not its rows' render. That cost is mostly per slice, not per
 * message (an `items` array of the whole room copied, the list's division checked against it), so 24 per
 * slice list 1,000 messages in about 42 slices instead of 125 at eight: in the isolation test (Chromium, a
 * loaded 2-core machine) about 5 % less main-thread CPU per burst and 6 % fewer tasks, no task over 5 ms.
 */
export const RENDER_SLICE_MAX = 24;

/**
 * Most changes of already listed messages (read receipts, reactions, edits) one slice of the open list
 * applies besides its {@link RENDER_SLICE_MAX} new rows: a change re-renders at most its own row, and only
 * when it is in view, so a receipt covering a whole burst does not cost a slice per two messages.
 */
export const RENDER_SLICE_UPDATES_MAX = 24;
