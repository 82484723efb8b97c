/**
 * The theming contract: every `--ct-*` custom property, with its value in the light and dark presets.
 * Documented in docs/theming.md; checked for WCAG 2.2 AA contrast by the theme tests.
 */
export const LIGHT = {
  'color-accent': '#2454d6',
  'color-on-accent': '#ffffff',
  'color-surface': '#ffffff',
  'color-surface-raised': '#f3f5f9',
  'color-bubble': '#eef1f6',
  'color-text': '#1b1f24',
  'color-muted': '#545d69',
  'color-border': '#c9d0da',
  'color-focus': '#b45309',
  'color-danger': '#b42318',
  'color-badge': '#c0262d',
  'color-on-badge': '#ffffff',
  'font-family': "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif",
  'font-size': '14px',
  radius: '12px',
  'radius-bubble': '12px',
  'radius-input': '8px',
  space: '8px',
  shadow: '0 8px 28px rgb(0 0 0 / 0.22)',
  'z-index': '2147483647',
  'offset-x': '20px',
  'offset-y': '20px',
  'panel-width': '370px',
  'panel-height': '560px',
} as const;

/** A token's name, without the `--ct-` prefix. */
export type TokenName = keyof typeof LIGHT;

/** The dark preset: only colours and shadow change. */
export const DARK: Partial<Record<TokenName, string>> = {
  'color-accent': '#8ab4f8',
  'color-on-accent': '#0b1a33',
  'color-surface': '#17191e',
  'color-surface-raised': '#22252c',
  'color-bubble': '#2a2e36',
  'color-text': '#e8eaed',
  'color-muted': '#aab2be',
  'color-border': '#4a505b',
  'color-focus': '#fbbf24',
  'color-danger': '#ff8a80',
  'color-badge': '#ff8a80',
  'color-on-badge': '#2b0000',
  shadow: '0 8px 28px rgb(0 0 0 / 0.6)',
};

/** The presets `theme` accepts. */
export type ThemePreset = 'light' | 'dark' | 'auto';

/**
 * `var(--ct-<name>, <light value>)`: how component styles read a token, so a component works on its own.
 * @param name - the token.
 */
export function tokenVar(name: TokenName): string {
  return `var(--ct-${name}, ${LIGHT[name]})`;
}

const declarations = (values: Partial<Record<TokenName, string>>): string =>
  Object.entries(values)
    .map(([k, v]) => `--ct-${k}:${v};`)
    .join('');

/**
 * The presets as CSS for a selector: light by default, dark for `[theme=dark]`, and dark for
 * `[theme=auto]` when the system prefers it. Page rules on the element still override every token.
 * @param host - the selector of the themed element, e.g. `:host`.
 */
export function presetsCss(host: string): string {
  return (
    `${host}{${declarations(LIGHT)}}` +
    `${host}([theme=dark]){${declarations(DARK)}}` +
    `@media (prefers-color-scheme:dark){${host}([theme=auto]){${declarations(DARK)}}}`
  );
}

/**
 * The presets for a light-DOM wrapper (stories, tests): `.ct-theme-dark` etc.
 * @param preset - the preset.
 */
export function presetDeclarations(preset: 'light' | 'dark'): string {
  return declarations(preset === 'dark' ? { ...LIGHT, ...DARK } : LIGHT);
}
