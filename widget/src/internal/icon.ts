import { svg } from 'lit';

/**
 * The frame of every widget icon: inline SVG (no icon font, no emoji font needed, nothing fetched), 24×24
 * viewBox, drawn with `currentColor`. Decorative: the buttons carrying one have an accessible label.
 * @param body - the icon's shapes.
 * @returns the icon's template.
 */
export const icon = (body: ReturnType<typeof svg>) =>
  svg`<svg class="icon" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
