/**
 * The device account: identity and display name, sealed in the store.
 * @module
 */
export { Account, DEVICE_IDENTITY_ID } from './account.js';
