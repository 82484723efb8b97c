import { arCall } from '../translations/ar.js';
import { deCall } from '../translations/de.js';
import { enCall } from '../translations/en.js';
import { jaCall } from '../translations/ja.js';
import type { CallStrings } from './call-strings.js';

const CALL = [enCall, deCall, arCall, jaCall];

/**
 * The calls UI's strings for a locale: exact code, then its language, then English.
 * @param code - a BCP 47 code; '' means the browser's language.
 * @returns the table.
 */
export function callStringsFor(code: string): CallStrings {
  const wanted = (code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
  return CALL.find((s) => s.$code === wanted) ?? CALL.find((s) => s.$code === wanted.split('-')[0]) ?? enCall;
}
