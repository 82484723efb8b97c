/**
 * Finds the first element matching `selector` in `root` or any open shadow root below it. Test helper.
 * @param root - where to start.
 * @param selector - a CSS selector.
 */
export function deepQuery<T extends Element = HTMLElement>(
  root: Element | ShadowRoot,
  selector: string,
): T | null {
  return deepQueryAll<T>(root, selector)[0] ?? null;
}

/**
 * Every element matching `selector` in `root` and the open shadow roots below it, in tree order. Test helper.
 * @param root - where to start.
 * @param selector - a CSS selector.
 */
export function deepQueryAll<T extends Element = HTMLElement>(
  root: Element | ShadowRoot,
  selector: string,
): T[] {
  const out: T[] = [];
  const visit = (node: Element | ShadowRoot) => {
    if (node instanceof Element && node.matches(selector)) out.push(node as T);
    const kids =
      node instanceof Element && node.shadowRoot ? [node.shadowRoot, ...node.children] : [...node.children];
    for (const k of kids) visit(k);
  };
  visit(root);
  return out;
}
