/**
 * Where the message list divides its messages between the virtual list (history) and the plain block of the
 * newest rows under it (the tail), issue #9. While the reader follows the newest message, rows of a burst are
 * appended to the tail: adding one costs its own render and layout, not an update of the virtual list (its
 * layout pass, its ResizeObserver callback and measurements, a second layout). Tail rows that scrolled far
 * out of view join the virtual list in a few larger steps ({@link TAIL_FOLD_MIN_ROWS}), so the tail stays
 * about a screenful.
 *
 * @module
 */

/** An item of the list, as far as the division reads it. */
export interface TailItem {
  readonly id: string;
}

/**
 * Most messages one update may append to the tail: a larger addition (a history page, the messages held while
 * the panel was closed) goes to the virtual list, which renders only the rows in view.
 */
export const TAIL_APPEND_MAX = 32;

/**
 * Fewest out-of-view tail rows that join the virtual list together: each join is one update of the virtual
 * list (a layout pass with no row in view), so rows join in steps rather than one per frame.
 */
export const TAIL_FOLD_MIN_ROWS = 24;

/**
 * Least time between two renders that add rows to the tail, in ms. The panel hands the list a burst in
 * slices, one per frame; rendering them as they come would lay out, paint and scroll the list every frame.
 * The list instead adds the waiting rows together, in a task of their own, a few times a second (a lone
 * message after a quiet spell still shows in the next task).
 */
export const TAIL_REVEAL_INTERVAL_MS = 100;

/**
 * Main-thread time one render that adds tail rows aims at, in ms: it adds as many rows as the measured
 * cost per row allows (at least one, at most {@link TAIL_REVEAL_MAX_ROWS}), so a slow device renders
 * fewer rows per task instead of longer tasks.
 */
export const TAIL_REVEAL_BUDGET_MS = 3;

/**
 * Most rows one render adds to the tail. The frame after it costs about 1.5 ms plus 0.4 ms per row (style,
 * layout and paint of the new rows; Chromium on a loaded 2-core machine), so eight rows keep it near 5 ms;
 * at one render per {@link TAIL_REVEAL_INTERVAL_MS} (twice as often when behind) that still lists 160
 * messages a second.
 */
export const TAIL_REVEAL_MAX_ROWS = 8;

/**
 * Most a single measurement may raise the estimated cost of a tail row, as a factor of the estimate. A reveal
 * is timed by the wall clock: when the OS pauses the page's thread inside it (a loaded machine, more runnable
 * threads than cores), one sample can read tens of times the real cost, and taken as it is it would cut the
 * next reveals to one row each, so a burst would be listed in hundreds of renders instead of dozens (issue
 * #9). A device that really is slower still raises the estimate by this factor per sample, within a few reveals.
 */
export const ROW_COST_SAMPLE_MAX_FACTOR = 2;

/**
 * The estimated main-thread cost of adding one tail row after a reveal that took `sample` ms per row: a moving
 * average in which a sample counts for 30 %, a slow one for at most {@link ROW_COST_SAMPLE_MAX_FACTOR} times
 * the estimate, and any one within 0.05 … 10 ms.
 * @param estimate - the estimate before, ms per row.
 * @param sample - the measured time of the last reveal divided by its rows, ms.
 * @returns the new estimate, ms per row.
 * @example
 * nextRowCost(0.5, 40); // 0.65: a reveal that was paused counts as 1 ms, not 40
 */
export function nextRowCost(estimate: number, sample: number): number {
  const clamped = Math.min(10, estimate * ROW_COST_SAMPLE_MAX_FACTOR, Math.max(0.05, sample));
  return 0.7 * estimate + 0.3 * clamped;
}

/** What {@link divideMessages} reads of the list's state. */
export interface DivideInput<T extends TailItem> {
  /** The messages before the change (`undefined` on the first render). */
  readonly previous: readonly T[] | undefined;
  /** The messages now, oldest first. */
  readonly messages: readonly T[];
  /** How many of the previous messages the virtual list held. */
  readonly split: number;
  /** Whether the reader is at the newest message. */
  readonly following: boolean;
}

/**
 * How many of the first messages the virtual list holds after a change of the messages; the others are the
 * tail. Messages appended after the same ones (updated copies allowed) join the tail while it is not empty
 * or the reader follows the newest message, and a first render of a few messages is all tail; anything else
 * (a history page, another room, a large addition) puts every message in the virtual list.
 * @param input - the messages before and after, the last division and whether the reader follows.
 * @returns the number of messages in the virtual list, `0` … `messages.length`.
 * @example
 * divideMessages({ previous: [a], messages: [a, b], split: 1, following: true }); // 1: `b` is the tail
 */
export function divideMessages<T extends TailItem>(input: DivideInput<T>): number {
  const { previous, messages, following } = input;
  const all = messages.length;
  // A first render: a few messages start the tail (no virtual list yet), more go to the virtual list.
  if (!previous?.length) return following && all <= TAIL_APPEND_MAX ? 0 : all;
  const added = all - previous.length;
  if (added < 0 || added > TAIL_APPEND_MAX) return all;
  for (let i = 0; i < previous.length; i++) {
    const was = previous[i] as T;
    const now = messages[i] as T;
    if (was !== now && was.id !== now.id) return all;
  }
  const split = Math.min(Math.max(0, input.split), previous.length);
  // An empty tail only starts while the reader follows (the rows then scroll in below the virtual list).
  if (split === previous.length && !following) return all;
  return split;
}

/**
 * How many of the tail's first rows to move to the virtual list, from their positions: the rows that ended
 * more than `margin` px above the view when that makes {@link TAIL_FOLD_MIN_ROWS} (never the last row), or
 * every row when the whole tail starts more than `margin` px below the view (the reader is in the history).
 * @param rows - the tail's row count.
 * @param bottomOf - the bottom edge (viewport px) of tail row `i`; called O(log rows) times.
 * @param topOfFirst - the top edge of the first tail row.
 * @param view - the scroller's visible top and bottom edges.
 * @param margin - the overhang the virtual list keeps rendered beyond the view, px.
 * @returns the number of rows to fold, `0` … `rows`.
 */
export function rowsToFold(
  rows: number,
  bottomOf: (i: number) => number,
  topOfFirst: number,
  view: { top: number; bottom: number },
  margin: number,
): number {
  if (rows === 0) return 0;
  if (topOfFirst > view.bottom + margin) return rows;
  // Rows are in order: binary search for the first one that still ends within `margin` above the view.
  let lo = 0;
  let hi = rows - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bottomOf(mid) < view.top - margin) lo = mid + 1;
    else hi = mid;
  }
  return lo >= TAIL_FOLD_MIN_ROWS ? lo : 0;
}
