/**
 * Cached `Intl` formatters. Building an `Intl.DateTimeFormat` costs far more than formatting with one (it
 * resolves the locale's data each time); the message list formats a time for every row it renders, so a
 * burst of received messages made that construction the main thread's largest cost. Formatters are
 * immutable, so one per locale and option set is shared by every component.
 *
 * @module
 */

/** Most formatters kept; past this the oldest is dropped (locales and option sets are few in practice). */
export const INTL_CACHE_MAX = 64;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function cached<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let f = cache.get(key);
  if (f === undefined) {
    f = make();
    if (cache.size >= INTL_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, f);
  }
  return f;
}

/**
 * The shared `Intl.DateTimeFormat` for a locale and options.
 * @param locale - a BCP 47 tag ('' = the runtime's default).
 * @param options - the format's options (compared by value).
 * @returns a formatter equal to `new Intl.DateTimeFormat(locale, options)`.
 * @example
 * dateTimeFormat('de', { hour: '2-digit', minute: '2-digit' }).format(Date.now());
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(dateTimeFormats, `${locale}\n${JSON.stringify(options)}`, () =>
    locale ? new Intl.DateTimeFormat(locale, options) : new Intl.DateTimeFormat(undefined, options),
  );
}

/**
 * The shared `Intl.NumberFormat` for a locale and options.
 * @param locale - a BCP 47 tag ('' = the runtime's default).
 * @param options - the format's options (compared by value).
 * @returns a formatter equal to `new Intl.NumberFormat(locale, options)`.
 * @example
 * numberFormat('en', { style: 'unit', unit: 'kilobyte' }).format(1.5);
 */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, `${locale}\n${JSON.stringify(options)}`, () =>
    locale ? new Intl.NumberFormat(locale, options) : new Intl.NumberFormat(undefined, options),
  );
}
