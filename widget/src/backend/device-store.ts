/**
 * The widget's persistent store: the SDK's sealed Dexie (IndexedDB) store, its database key wrapped by a
 * non-extractable WebCrypto device key kept in the same database (a widget has no passphrase). One database
 * per relay, held by one widget at a time (a Web Lock), so two tabs never drive the same identity's ratchets.
 * The threat model is in docs/security.md ("Widget storage").
 *
 * @module
 */
import type { Store } from '@cryptalk/sdk/store';
import { DexieEngine, openDexieStore } from '@cryptalk/sdk/store/dexie';

/** Prefix of the IndexedDB database names the widget uses (then the relay's URL). */
export const DEVICE_STORE_PREFIX = 'cryptalk-widget ';

/** How long a second widget (another tab) waits for the store's lock before it runs in memory, in ms. */
export const DEVICE_STORE_LOCK_WAIT_MS = 3000;

/** An open device store; `release()` closes it and lets another widget open it. */
export interface DeviceStore {
  /** The sealed store. */
  readonly store: Store;
  /** The IndexedDB database name. */
  readonly name: string;
  /** Closes the store, then releases its lock. */
  release(): Promise<void>;
}

/**
 * The database name of a relay's device store: one per relay (scheme, host and path; the relay's query
 * string and fragment are ignored), so widgets for different relays never share an identity.
 * @param relay - the relay's WebSocket URL.
 * @returns the IndexedDB database name.
 */
export function deviceStoreName(relay: string): string {
  let id = relay.trim();
  try {
    const u = new URL(id);
    id = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    // not a URL: the text itself names the store
  }
  return `${DEVICE_STORE_PREFIX}${id}`;
}

/** The part of `IDBFactory` {@link preloadDeviceStoreCode} reads. */
interface DatabaseLister {
  databases?(): Promise<readonly { name?: string }[]>;
}

/**
 * On a device with no widget store yet (a first visit), starts loading the code that creates one (Dexie, a lazy
 * chunk beside the Worker) while the page still loads the UI; a returning visitor's store opens without it.
 * Does nothing where the platform cannot list its databases. Never rejects.
 * @param factory - the IndexedDB factory to ask. @default globalThis.indexedDB
 * @param preload - what loads the code. @default DexieEngine.preload
 * @returns whether it started loading.
 */
export async function preloadDeviceStoreCode(
  factory: DatabaseLister | undefined = (globalThis as { indexedDB?: DatabaseLister }).indexedDB,
  preload: () => Promise<void> = () => DexieEngine.preload(),
): Promise<boolean> {
  if (typeof factory?.databases !== 'function') return false;
  let names: readonly { name?: string }[];
  try {
    names = await factory.databases();
  } catch {
    return false;
  }
  if (names.some((d) => d.name?.startsWith(DEVICE_STORE_PREFIX))) return false;
  void preload();
  return true;
}

interface LockManagerLike {
  request(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void>;
}

/**
 * Takes the exclusive Web Lock `name`, waiting at most `waitMs`.
 * @returns the function that releases it, `undefined` when another holder kept it, or a no-op where the
 *   platform has no Web Locks (then nothing stops two tabs from sharing the store).
 */
async function takeLock(name: string, waitMs: number): Promise<(() => void) | undefined> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (!locks) return () => {};
  const signal = AbortSignal.timeout(waitMs);
  return new Promise((resolve) => {
    locks
      .request(name, { mode: 'exclusive', signal }, () => {
        return new Promise<void>((release) => resolve(release));
      })
      .catch(() => resolve(undefined)); // aborted: another widget holds it
  });
}

/**
 * Opens the relay's device store, or answers `undefined` (the widget then keeps everything in memory) where
 * the platform has no IndexedDB or WebCrypto (Node, an insecure `http:` page), when IndexedDB refuses (some
 * private modes), when another widget holds the store, or when its device key no longer opens it. Never
 * deletes anything.
 * @param relay - the relay's WebSocket URL.
 * @param options - `waitMs`: how long to wait for another widget's lock. @default DEVICE_STORE_LOCK_WAIT_MS
 * @returns the open store and how to release it, or `undefined`.
 */
export async function openDeviceStore(
  relay: string,
  options: { waitMs?: number } = {},
): Promise<DeviceStore | undefined> {
  if (typeof indexedDB === 'undefined' || globalThis.crypto?.subtle === undefined) return undefined;
  const name = deviceStoreName(relay);
  const unlock = await takeLock(`cryptalk-store:${name}`, options.waitMs ?? DEVICE_STORE_LOCK_WAIT_MS);
  if (!unlock) return undefined;
  let store: Store;
  try {
    store = await openDexieStore({ name, deviceKey: true });
  } catch {
    unlock();
    return undefined;
  }
  let released: Promise<void> | undefined;
  return {
    store,
    name,
    release() {
      released ??= store.close().finally(unlock);
      return released;
    },
  };
}
