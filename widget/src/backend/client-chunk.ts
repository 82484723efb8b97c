/**
 * The SDK adapter as its own chunk (`cryptalk-client.js` in the script-tag build): the SDK client, its crypto
 * and its encrypted store. The chat core loads it only for the `same` placement; in the default `worker`
 * placement the SDK runs in `cryptalk-worker.js` and the page's core never downloads it.
 *
 * @module
 */
export { ClientBackend, type ClientBackendOptions } from './client-backend.js';
