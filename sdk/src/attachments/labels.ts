/**
 * Domain-separation strings of attachments (AEAD associated data), defined once in the crypto core's
 * `crypto/labels.ts` and re-exported here for the attachments' own imports.
 *
 * @module
 */
export { LABEL_ATTACHMENT_CHUNK } from '../crypto/labels.js';
