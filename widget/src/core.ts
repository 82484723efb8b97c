/**
 * The chat core: every Lit component, the SDK adapter and (through the SDK) the crypto. The script-tag
 * loader imports it on first open from `cryptalk-core.js` beside `cryptalk.js`; `@cryptalk/widget/define`
 * imports it dynamically so bundlers split it the same way. Importing it defines the panel's elements.
 * @module
 */
import { ClientBackend } from './backend/client-backend.js';
import type { ChatBackend } from './backend/index.js';
import { MemoryBackend, MemoryHub } from './backend/memory-backend.js';
import './components/panel/panel.js';

export { MemoryBackend, MemoryHub };

/** The scheme of the in-page demo backend: `relay="memory:"` chats with nobody, without a server. */
const MEMORY_RELAY = 'memory:';

/**
 * Creates the backend `<cryptalk-chat>` uses when none was given: the SDK client on a relay, or the
 * in-memory demo backend for `relay="memory:"` (for demos and design reviews; it encrypts nothing).
 * @param options - the relay's URL and the base of invite links.
 */
export function createBackend(options: { relay: string; inviteBase?: string }): ChatBackend {
  if (options.relay === MEMORY_RELAY) return new MemoryBackend();
  return new ClientBackend(options);
}
