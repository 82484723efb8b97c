#!/usr/bin/env node
// Finds a Chromium for the browser and end-to-end tests: $CHROME_PATH, then the usual Debian and Google
// paths. Prints the path; exits 1 with one line saying how to install one when none exists.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** @returns {string | undefined} the path of a runnable Chromium, if any. */
export function findChromium() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const n of NAMES) candidates.push(join(dir, n));
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {}
  }
  return undefined;
}

/** @returns {string} the path, or exits the process with an install hint. */
export function requireChromium() {
  const found = findChromium();
  if (found) return found;
  process.stderr.write(
    'No Chromium found (checked $CHROME_PATH, /usr/bin/chromium, chromium-browser, google-chrome): install it with `sudo apt-get install chromium` or set CHROME_PATH.\n',
  );
  process.exit(1);
}

/** Flags that keep headless Chromium off the network and quiet on a closed machine. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${requireChromium()}\n`);
}
