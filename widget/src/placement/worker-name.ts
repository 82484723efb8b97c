/**
 * The name the SDK's Worker is started with (`new Worker(url, { name })`; devtools show it), which also tells the
 * Worker, before the page's `hello` reaches it, whether its chat keeps anything on the device: only then does it
 * preload the code that creates the device store on a first visit (`preloadDeviceStoreCode`).
 *
 * @module
 */

/** The Worker of a chat that keeps its identity and history in the device store (the default). */
export const WORKER_NAME = 'cryptalk';
/** The Worker of a chat that keeps nothing on the device: `persist="none"`, or the `memory:` demo relay. */
export const WORKER_NAME_NO_STORE = 'cryptalk (no device store)';

/**
 * The Worker's name for a chat.
 * @param init - the chat's relay (`memory:` for the demo) and persistence (`none` keeps nothing).
 * @returns {@link WORKER_NAME_NO_STORE} when the chat keeps nothing on the device, {@link WORKER_NAME} otherwise.
 */
export function workerNameFor(init: { readonly relay?: string; readonly persist?: string }): string {
  return init.persist === 'none' || init.relay === 'memory:' ? WORKER_NAME_NO_STORE : WORKER_NAME;
}
