/**
 * Chromium reports "ResizeObserver loop completed with undelivered notifications" as a window error when a
 * virtual list resizes its rows within a frame; it is benign (the notifications arrive next frame), but the
 * test framework would count it as a failure. Test helper: call once per test file that renders the list.
 */
export function ignoreResizeObserverLoop(): void {
  window.addEventListener(
    'error',
    (e) => {
      if (e.message?.includes('ResizeObserver loop')) e.stopImmediatePropagation();
    },
    true,
  );
}
