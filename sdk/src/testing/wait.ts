/**
 * Bounded waits for the SDK's tests: every wait ends with an error naming what it waited for, never hangs.
 * @module
 */
import type { CrypTalkClient } from '../client.js';
import type { ClientEvents } from '../events.js';

/**
 * Waits until `check` holds (it may be asynchronous, e.g. a store read), polling every 20 ms.
 * @param what - named in the error when it times out.
 * @param ms - the longest wait. @default 10000
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    const held = check();
    // a synchronous check is answered without an extra turn, as the tests that poll call state expect
    if (typeof held === 'boolean' ? held : await held) return;
    if (waited >= ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The first event `name` of `client` that matches `pred`.
 * @param what - named in the rejection when it times out.
 * @param ms - the longest wait. @default 10000
 */
export function nextEvent<K extends keyof ClientEvents>(
  client: CrypTalkClient,
  name: K,
  pred: (e: ClientEvents[K]) => boolean,
  what: string,
  ms = 10_000,
): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const off = client.on(name, (e) => {
      if (pred(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}
