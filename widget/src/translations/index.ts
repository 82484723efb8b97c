import { en } from './en.js';
import type { Translation } from './translation.js';

export { type LauncherStrings, launcherStringsFor } from './launcher.js';
export type { Translation } from './translation.js';
export { en };

/** Tables ready to use: English (built in), the ones loaded, the ones registered. */
const table = new Map<string, Translation>([['en', en]]);

/**
 * The locales the widget ships besides English, loaded on first use: each is a separate chunk where the
 * bundle splits (`cryptalk-ui-de.js`, `cryptalk-ui-ar.js`, `cryptalk-ui-ja.js` beside the script-tag UI).
 */
const SHIPPED: Readonly<Record<string, () => Promise<Translation>>> = {
  de: () => import('./de.js').then((m) => m.de),
  ar: () => import('./ar.js').then((m) => m.ar),
  ja: () => import('./ja.js').then((m) => m.ja),
};

/** Loads in flight, by code; a failed one is forgotten so the next call tries again. */
const loading = new Map<string, Promise<Translation>>();

/** The lower-cased code asked for: `code`, or the browser's language for '', then English. */
function wantedCode(code: string): string {
  return (code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
}

/** The shipped, not yet loaded locale that `code` resolves to (exact code, then language), if any. */
function unloadedLocale(code: string): string | undefined {
  const lower = wantedCode(code);
  if (table.has(lower)) return undefined;
  if (Object.hasOwn(SHIPPED, lower)) return lower;
  const language = lower.split('-')[0] ?? '';
  return !table.has(language) && Object.hasOwn(SHIPPED, language) ? language : undefined;
}

/**
 * Adds (or replaces) a locale, e.g. `registerTranslation({ ...en, $code: 'en-GB', … })`.
 * @param translation - the complete table.
 */
export function registerTranslation(translation: Translation): void {
  table.set(translation.$code.toLowerCase(), translation);
}

/**
 * The table for a locale among those ready: exact code, then its language (`de-AT` → `de`), then English.
 * A shipped locale other than English is ready once {@link loadTranslation} loaded it (the widget's
 * components do that themselves); until then this gives English.
 * @param code - a BCP 47 code; '' means the browser's language (`navigator.language`), then English.
 */
export function translationFor(code: string): Translation {
  const lower = wantedCode(code);
  return table.get(lower) ?? table.get(lower.split('-')[0] ?? '') ?? en;
}

/**
 * Whether {@link translationFor} already gives the table `code` resolves to, i.e. no shipped locale for it
 * is still to be loaded.
 * @param code - a BCP 47 code; '' means the browser's language.
 */
export function translationReady(code: string): boolean {
  return unloadedLocale(code) === undefined;
}

/**
 * Loads the shipped table `code` resolves to, once (English and registered tables need nothing).
 * @param code - a BCP 47 code; '' means the browser's language.
 * @returns the table {@link translationFor} gives from then on.
 * @throws rejects with the import's error when the locale's chunk could not be loaded (a later call tries
 *   again); {@link translationFor} keeps giving English meanwhile.
 */
export async function loadTranslation(code: string): Promise<Translation> {
  const locale = unloadedLocale(code);
  if (locale !== undefined) {
    let load = loading.get(locale);
    if (!load) {
      load = (SHIPPED[locale] as () => Promise<Translation>)().then((t) => {
        // A table registered meanwhile (registerTranslation) wins over the shipped one.
        if (!table.has(locale)) table.set(locale, t);
        return t;
      });
      load.catch(() => loading.delete(locale));
      loading.set(locale, load);
    }
    await load;
  }
  return translationFor(code);
}

/** The codes of every locale: English, the shipped ones (loaded or not) and the registered ones. */
export function availableLocales(): string[] {
  return [...new Set([...table.keys(), ...Object.keys(SHIPPED)])];
}
