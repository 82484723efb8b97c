/**
 * How `<cryptalk-message-list>` loads its virtual list (the lazy chunk of virtual.ts).
 *
 * @module
 */

/** The virtual list's module: the `virtualize` directive, the chat's flow layout and the virtualizer lookup. */
export type VirtualChunk = typeof import('./virtual.js');

/** Loads the virtual list's module; a rejection leaves the list plain until its next need tries again. */
export type VirtualLoader = () => Promise<VirtualChunk>;

/**
 * The default {@link VirtualLoader}: a dynamic import that bundlers split into its own chunk
 * (`cryptalk-ui-virtual.js` beside the script-tag UI, `cryptalk-frame-virtual.js` beside the frame).
 * @returns the module.
 */
export const loadVirtualOnDemand: VirtualLoader = () => import('./virtual.js');
