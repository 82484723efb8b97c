/**
 * KDF labels of calls, defined once in the crypto core's `crypto/labels.ts` and re-exported here for the
 * calls' own imports.
 * @module
 */
export { LABEL_CALL_GROUP_SECRET, LABEL_CALL_MEDIA_KEY } from '../crypto/labels.js';
