import { adoptStyles, type CSSResult, supportsAdoptingStyleSheets } from 'lit';

/**
 * Adds `styles` to a shadow root after its element rendered, keeping the styles it has: what a lazy chunk
 * brings for the parts it renders (the offer rows, the panel's call session). Adopted once; a root that is no
 * shadow root (an element rendering into its light DOM) is left alone.
 * @param root - the element's render root.
 * @param styles - the chunk's styles.
 */
export function adoptMoreStyles(root: HTMLElement | DocumentFragment, styles: CSSResult): void {
  if (!(root instanceof ShadowRoot)) return;
  // Without constructable style sheets Lit adds a `<style>` element, beside those it has.
  if (!supportsAdoptingStyleSheets) adoptStyles(root, [styles]);
  else if (styles.styleSheet && !root.adoptedStyleSheets.includes(styles.styleSheet))
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
}
