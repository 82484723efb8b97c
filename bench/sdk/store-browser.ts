/**
 * Runs the browser half of the store benchmark (`store-browser-entry.ts`) in Chromium.
 */
import { runInChromium } from '../chromium-page.js';
import type { Figure } from './store-figures.js';

/** Runs the Dexie benchmark in Chromium and returns its figures. */
export function benchBrowserStore(): Promise<Figure[]> {
  return runInChromium<Figure[]>(new URL('./store-browser-entry.ts', import.meta.url), 'runStoreBench');
}
