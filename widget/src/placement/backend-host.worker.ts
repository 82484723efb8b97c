/**
 * The Worker of the `worker` placement (built as `cryptalk-worker.js` beside the core): builds the chat
 * backend — the SDK's client, or the in-memory demo for `relay="memory:"` — inside the Worker and serves it
 * to the page's {@link RemoteBackend}. Keys, plaintext and the client's storage handles live here, off the
 * page's main thread; the client's encrypted IndexedDB store (`persist="device"`, the default) is opened
 * here too, so its device key is only ever used by this Worker.
 *
 * @module
 */
import type { MessagePortLike } from '@cryptalk/sdk/remote';
import { portChannel } from '@cryptalk/sdk/remote';
import { ClientBackend } from '../backend/client-backend.js';
import { preloadDeviceStoreCode } from '../backend/device-store.js';
import { serveBackend } from './serve-backend.js';
import { WORKER_NAME_NO_STORE } from './worker-name.js';

// The Worker starts while the page still downloads the UI: a first visit's Dexie chunk loads meanwhile, unless
// the page started it for a chat that keeps nothing on the device (its name says so; see worker-name.ts).
if ((self as { name?: string }).name !== WORKER_NAME_NO_STORE) void preloadDeviceStoreCode();

serveBackend(portChannel(self as unknown as MessagePortLike), (init) =>
  init.relay === 'memory:'
    ? // the demo backend: a lazy chunk beside the Worker (`cryptalk-worker-memory-backend.js`), loaded only then
      import('../backend/memory-backend.js').then(({ MemoryBackend }) => new MemoryBackend())
    : new ClientBackend({
        relay: init.relay,
        inviteBase: init.inviteBase,
        ...(init.persist ? { persist: init.persist } : {}),
      }),
);
