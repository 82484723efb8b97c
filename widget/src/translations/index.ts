import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { ja } from './ja.js';
import type { Translation } from './translation.js';

export { type LauncherStrings, launcherStringsFor } from './launcher.js';
export type { Translation } from './translation.js';
export { ar, de, en, ja };

const table = new Map<string, Translation>([
  ['en', en],
  ['de', de],
  ['ar', ar],
  ['ja', ja],
]);

/**
 * Adds (or replaces) a locale, e.g. `registerTranslation({ ...en, $code: 'en-GB', … })`.
 * @param translation - the complete table.
 */
export function registerTranslation(translation: Translation): void {
  table.set(translation.$code.toLowerCase(), translation);
}

/**
 * The table for a locale: exact code, then its language (`de-AT` → `de`), then English.
 * @param code - a BCP 47 code; '' means the browser's language (`navigator.language`), then English.
 */
export function translationFor(code: string): Translation {
  const wanted = code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en';
  const lower = wanted.toLowerCase();
  return table.get(lower) ?? table.get(lower.split('-')[0] ?? '') ?? en;
}

/** The codes of every registered locale. */
export function availableLocales(): string[] {
  return [...table.keys()];
}
