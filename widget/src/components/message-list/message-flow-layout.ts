import { FlowLayout, type flow } from '@lit-labs/virtualizer/layouts/flow.js';
import { MESSAGE_LIST_OVERHANG_PX } from '../../limits.js';

/** Whether the list keeps its newest message in view; owned by the list, read by its layout. */
export interface FollowState {
  /** True while the reader is at the newest message (the list updates it as they scroll). */
  end: boolean;
}

/**
 * The virtualizer's flow layout for a chat (issue #9):
 * - while {@link FollowState.end} holds, every reflow pins the newest message to the bottom, so new messages
 *   are laid out at their final scroll position in the same update that adds them (one render, no second
 *   "scroll to the end" pass, no native `scrollIntoView` that would also scroll the host page);
 * - a smaller overhang ({@link MESSAGE_LIST_OVERHANG_PX} rather than 1,000 px), so a burst renders about a
 *   screenful of new rows instead of three.
 */
export class MessageFlowLayout extends FlowLayout {
  protected override _overhang = MESSAGE_LIST_OVERHANG_PX;
  /** Set from the layout's config (the virtualizer assigns config keys to the layout). */
  follow: FollowState | undefined;

  protected override _setPositionFromPin(): void {
    // An index past the end: the `pin` getter clamps it to the last item, whatever the list has become.
    if (this.follow?.end && this._pin === null) this._pin = { index: Number.MAX_SAFE_INTEGER, block: 'end' };
    else if (this.follow && !this.follow.end && this._pin?.index === Number.MAX_SAFE_INTEGER)
      this._pin = null;
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
