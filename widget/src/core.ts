/**
 * The chat core: every Lit component and the way to the SDK adapter. The script-tag loader imports it on
 * first open from `cryptalk-core.js` beside `cryptalk.js`; `@cryptalk/widget/define` imports it dynamically so
 * bundlers split it the same way. Importing it defines the panel's elements. The SDK itself (client, crypto,
 * store) is a further chunk, loaded only when it runs on the page (`same`); the default `worker` placement
 * runs it in the Worker, so the page never downloads it.
 * @module
 */
import type { ClientBackendOptions } from './backend/client-backend.js';
import type { ChatBackend } from './backend/index.js';
import './components/panel/panel.js';

/** Loads the strings of a locale the widget ships (a lazy chunk), so the panel shows in it from the start. */
export { loadTranslation } from './translations/index.js';

/**
 * Loads the in-memory demo backend (`MemoryBackend`, `MemoryHub`: a chat without a server that encrypts nothing,
 * for demos and design reviews), a lazy chunk beside the core, for pages that set `backend` themselves. npm users
 * import both from `@cryptalk/widget` instead.
 *
 * @example
 * const { MemoryBackend } = await (await import('/cryptalk/cryptalk-core.js')).loadMemoryBackend();
 * document.querySelector('cryptalk-chat').backend = new MemoryBackend({ userName: 'Ana' });
 */
export function loadMemoryBackend(): Promise<typeof import('./backend/memory-backend.js')> {
  return import('./backend/memory-backend.js');
}

/** The scheme of the in-page demo backend: `relay="memory:"` chats with nobody, without a server. */
const MEMORY_RELAY = 'memory:';

/**
 * Creates the backend `<cryptalk-chat>` uses when none was given: the SDK client on a relay, or the
 * in-memory demo backend for `relay="memory:"` (for demos and design reviews; it encrypts nothing).
 * @param options - the relay's URL, the base of invite links and `persist` (`none`: memory only).
 */
export async function createBackend(options: ClientBackendOptions): Promise<ChatBackend> {
  if (options.relay === MEMORY_RELAY) return new (await loadMemoryBackend()).MemoryBackend();
  const { ClientBackend } = await import('./backend/client-chunk.js');
  return new ClientBackend(options);
}
