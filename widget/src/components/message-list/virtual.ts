/**
 * The virtual list of `<cryptalk-message-list>`: the `virtualize` directive of Lit Labs' virtualizer with the
 * chat's flow layout. The list imports this module only once a room holds more than
 * `MESSAGE_LIST_PLAIN_MAX` messages (widget/src/limits.ts), so it is a lazy chunk (`cryptalk-ui-virtual.js`
 * beside the script-tag UI, `cryptalk-frame-virtual.js` beside the frame) that a first open of a room with
 * fewer messages never downloads (issue #6).
 *
 * @module
 */
import { virtualizerRef } from '@lit-labs/virtualizer/virtualize.js';

export { virtualize } from '@lit-labs/virtualizer/virtualize.js';
export { messageFlow } from './message-flow-layout.js';

/** The virtualizer attached to a list's host, as far as the message list drives it. */
export interface VirtualListHandle {
  /** Settles when the virtualizer has laid out (rejects when it was disconnected first). */
  readonly layoutComplete: Promise<void>;
  /** Item `index` as an element-like handle that scrolls it into view (rendering it), if the index exists. */
  element(index: number): { scrollIntoView(options?: ScrollIntoViewOptions): void } | undefined;
}

/**
 * The virtualizer the `virtualize` directive attached to `host`.
 * @param host - the element the directive renders into.
 * @returns its virtualizer, or `undefined` before the directive started in it.
 */
export function virtualizerOf(host: Element): VirtualListHandle | undefined {
  return (host as Element & { [virtualizerRef]?: VirtualListHandle })[virtualizerRef];
}
