import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DARK, LIGHT, presetsCss, type TokenName } from './tokens.js';

/** WCAG 2.2 relative luminance of `#rrggbb` (§ "relative luminance" definition). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text pairs need 4.5:1 (SC 1.4.3); focus ring and borders of controls need 3:1 (SC 1.4.11). */
const PAIRS: Array<[TokenName, TokenName, number]> = [
  ['color-text', 'color-surface', 4.5],
  ['color-text', 'color-bubble', 4.5],
  ['color-text', 'color-surface-raised', 4.5],
  ['color-muted', 'color-surface', 4.5],
  ['color-muted', 'color-surface-raised', 4.5],
  ['color-on-accent', 'color-accent', 4.5],
  ['color-on-badge', 'color-badge', 4.5],
  ['color-danger', 'color-surface', 4.5],
  ['color-danger', 'color-surface-raised', 4.5],
  ['color-accent', 'color-surface', 3],
  ['color-focus', 'color-surface', 3],
];

for (const [name, preset] of [
  ['light', LIGHT],
  ['dark', { ...LIGHT, ...DARK }],
] as const) {
  test(`the ${name} preset meets WCAG 2.2 AA contrast`, () => {
    for (const [fg, bg, min] of PAIRS) {
      const ratio = contrast(preset[fg], preset[bg]);
      assert.ok(ratio >= min, `${name}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1, needs ${min}:1`);
    }
  });
}

test('the presets CSS sets every token, dark for [theme=dark] and for [theme=auto] in dark mode', () => {
  const css = presetsCss(':host');
  for (const name of Object.keys(LIGHT)) assert.ok(css.includes(`--ct-${name}:`), name);
  assert.ok(css.includes(':host([theme=dark])'));
  assert.ok(css.includes('@media (prefers-color-scheme:dark){:host([theme=auto])'));
});
