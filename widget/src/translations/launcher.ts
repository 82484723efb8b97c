import { arLauncher } from './ar.js';
import { deLauncher } from './de.js';
import { enLauncher } from './en.js';
import { jaLauncher } from './ja.js';
import type { LauncherStrings } from './launcher-strings.js';

export type { LauncherStrings } from './launcher-strings.js';

const LAUNCHER = [enLauncher, deLauncher, arLauncher, jaLauncher];

/**
 * The launcher's strings for a locale: exact code, then its language, then English.
 * @param code - a BCP 47 code; '' means the browser's language.
 */
export function launcherStringsFor(code: string): LauncherStrings {
  const wanted = (code || (typeof navigator === 'undefined' ? '' : navigator.language) || 'en').toLowerCase();
  return (
    LAUNCHER.find((s) => s.$code === wanted) ??
    LAUNCHER.find((s) => s.$code === wanted.split('-')[0]) ??
    enLauncher
  );
}
