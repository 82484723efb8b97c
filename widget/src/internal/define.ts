/**
 * Registers a custom element once, even when two copies of the widget load on one page.
 * @param tag - the tag name.
 * @param ctor - the element's class.
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
