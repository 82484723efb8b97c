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
