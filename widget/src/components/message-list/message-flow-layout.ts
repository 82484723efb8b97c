import { FlowLayout, type flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { MESSAGE_LIST_OVERHANG_PX } from '../../limits.js';

/** Whether the list keeps its newest message in view; owned by the list, read by its layout. */
export interface FollowState {
  /** True while the reader is at the newest message (the list updates it as they scroll). */
  end: boolean;
  /**
   * Set by the list when it is connected again: rows may have been placed while it was away, so the layout
   * places every row again in its next update (and clears the flag).
   */
  replace?: boolean;
  /**
   * Set by the list while newer rows follow the virtual ones in a plain block (the tail, see
   * message-tail.ts): the list then keeps the bottom in view itself, and the layout does not pin its last row.
   */
  tail?: boolean;
}

// The layout types the package does not export, from the flow layout's signatures.
type LayoutHostSink = ConstructorParameters<typeof FlowLayout>[0];
type LayoutHostMessage = Parameters<LayoutHostSink>[0];
type StateChangedMessage = Extract<LayoutHostMessage, { type: 'stateChanged' }>;
type ChildMeasurements = Parameters<FlowLayout['updateItemSizes']>[0];
type ItemBox = NonNullable<ChildMeasurements[number]>;

/** The virtualizer that calls {@link MessageFlowLayout.measureChildren}, as far as the layout reads it. */
type MeasuringVirtualizer = {
  /** The children its ResizeObserver reported since the last measure (new or resized). */
  _toBeMeasured?: Map<Element, unknown>;
};

/** A row's size and margins, as the virtualizer measures them (`getBoundingClientRect` and computed margins). */
function measureRow(element: Element): ItemBox {
  const { width, height } = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const px = (v: string) => Number.parseFloat(v) || 0;
  return {
    width,
    height,
    marginTop: px(style.marginTop),
    marginRight: px(style.marginRight),
    marginBottom: px(style.marginBottom),
    marginLeft: px(style.marginLeft),
  };
}

/**
 * The virtualizer's flow layout for a chat (issue #9):
 * - while {@link FollowState.end} holds, every reflow pins the newest message to the bottom, so new messages
 *   are laid out at their final scroll position in the same update that adds them (one render, no second
 *   "scroll to the end" pass, no native `scrollIntoView` that would also scroll the host page);
 * - a smaller overhang ({@link MESSAGE_LIST_OVERHANG_PX} rather than 1,000 px), so a burst renders about a
 *   screenful of new rows instead of three;
 * - per update it does only the work of what changed: it measures only rows that are new or resized (the
 *   others keep their last measurement), skips the reflow when no measurement changed, and places only rows
 *   whose position changed (the virtualizer otherwise rewrites every row's style, looking each row up by a
 *   walk of all of them).
 */
export class MessageFlowLayout extends FlowLayout {
  protected override _overhang = MESSAGE_LIST_OVERHANG_PX;
  /** Set from the layout's config (the virtualizer assigns config keys to the layout). */
  follow: FollowState | undefined;
  /** Each row's last measurement (a row element lives as long as its message stays in range). */
  readonly #measured = new WeakMap<Element, ItemBox>();
  /** The measurements last passed to the flow layout, by index. */
  #sizes = new Map<number, ItemBox>();
  /** Where each message in range was last placed (a key of its position), by message. */
  #placed = new Map<unknown, string>();

  constructor(sink: LayoutHostSink, config?: object) {
    // `this` does not exist before `super`: the sink reaches the layout through `self` once it does.
    const self: { layout?: MessageFlowLayout } = {};
    super(
      (message: LayoutHostMessage) =>
        sink(self.layout && message.type === 'stateChanged' ? self.layout.#onlyMoved(message) : message),
      config,
    );
    self.layout = this;
  }

  /**
   * The virtualizer measures every row in range after any change of items; this returns the last
   * measurement of a row its ResizeObserver did not report (neither new nor resized) instead.
   */
  // The flow layout types this getter as `true`; the virtualizer also takes a function (its `Layout` type).
  override get measureChildren(): boolean {
    const measured = this.#measured;
    return function (this: MeasuringVirtualizer, element: Element): ItemBox {
      const known = this._toBeMeasured?.has(element) === false ? measured.get(element) : undefined;
      if (known) return known;
      const box = measureRow(element);
      measured.set(element, box);
      return box;
    } as unknown as boolean;
  }

  /** Takes the rows' measurements; reflows only when one of them differs from the last. */
  override updateItemSizes(sizes: ChildMeasurements): void {
    let changed = false;
    const next = new Map<number, ItemBox>();
    for (const key of Object.keys(sizes)) {
      const index = Number(key);
      const box = sizes[index];
      if (!box) continue;
      next.set(index, box);
      if (this.#sizes.get(index) !== box) changed = true;
    }
    for (const [index, box] of this.#sizes) if (!next.has(index)) next.set(index, box);
    this.#sizes = next;
    if (changed) super.updateItemSizes(sizes);
  }

  protected override _setItems(items: unknown[]): void {
    if (items !== this._items) {
      // Indices may now name other messages: measurements by index start again (by row, they are kept).
      this.#sizes = new Map();
      // The virtualizer renders the new items at the old range's indices before it lays them out, which
      // replaces the rows there when those indices now hold other messages: every row is then placed again.
      // (Messages added after the range, as in a burst, keep the rows in range as they are.)
      const old = this._items;
      for (let i = Math.max(0, this._first); i <= this._last; i++)
        if (items[i] !== old[i]) {
          this.#placed = new Map();
          break;
        }
    }
    super._setItems(items);
  }

  /** The state message with only the rows whose position changed since they were last placed. */
  #onlyMoved(message: StateChangedMessage): StateChangedMessage {
    if (this.follow?.replace) {
      this.follow.replace = false;
      this.#placed = new Map();
    }
    const placed = new Map<unknown, string>();
    const moved: StateChangedMessage['childPositions'] = new Map();
    for (const [index, pos] of message.childPositions) {
      const item = this._items[index];
      const key = `${pos.top} ${pos.left} ${pos.yOffset} ${pos.xOffset} ${pos.width} ${pos.height}`;
      if (item === undefined || this.#placed.get(item) !== key) moved.set(index, pos);
      placed.set(item, key);
    }
    this.#placed = placed;
    return { ...message, childPositions: moved };
  }

  protected override _setPositionFromPin(): void {
    // The virtualizer reports where its host shows in the scroller, which moves as the scroller scrolls (and
    // so puts pins a scroll position off); pins need where the host is in the scroller's content: its top
    // (the list's styles keep the host first, with no space above).
    this.offsetWithinScroller = { left: 0, top: 0 };
    const pinEnd = this.follow?.end === true && !this.follow.tail;
    // An index past the end: the `pin` getter clamps it to the last item, whatever the list has become.
    if (pinEnd && this._pin === null) this._pin = { index: Number.MAX_SAFE_INTEGER, block: 'end' };
    else if (!pinEnd && this._pin?.index === Number.MAX_SAFE_INTEGER) this._pin = null;
    super._setPositionFromPin();
  }
}

/**
 * The layout specifier of a message list.
 * @param follow - the list's follow state, shared with the layout.
 * @returns the specifier for `virtualize({ layout })`.
 */
export function messageFlow(follow: FollowState): ReturnType<typeof flow> {
  // `follow` is not in the flow layout's config type; the virtualizer hands every key to the layout.
  return { type: MessageFlowLayout, follow } as ReturnType<typeof flow>;
}
