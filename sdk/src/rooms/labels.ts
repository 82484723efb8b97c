/**
 * Domain-separation labels of the rooms layer (KDF infos and signature prefixes), defined once in the crypto
 * core's `crypto/labels.ts` and re-exported here for the rooms' own imports.
 * @module
 */
export {
  LABEL_BUNDLE_FINGERPRINT,
  LABEL_CONTENT_SIGNATURE,
  LABEL_DIRECT_CONTEXT,
  LABEL_INVITE_SEAL,
} from '../crypto/labels.js';
