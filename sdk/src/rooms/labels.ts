/**
 * Domain-separation labels of the rooms layer (KDF infos and signature prefixes). Each string is used once.
 * They belong with the crypto core's `crypto/labels.ts`; they live here until that file can take them.
 * @module
 */

/** HKDF info: the key that seals join requests and welcomes of one group invite. */
export const LABEL_INVITE_SEAL = 'CrypTalk v1 invite seal';
/** Signature prefix: a group member signs each content envelope with its identity key. */
export const LABEL_CONTENT_SIGNATURE = 'CrypTalk v1 content signature';
/** Ratchet context: binds every 1:1 message to its room. */
export const LABEL_DIRECT_CONTEXT = 'CrypTalk v1 direct room';
/** SHA-256 prefix: the fingerprint of a prekey bundle carried in a direct invite. */
export const LABEL_BUNDLE_FINGERPRINT = 'CrypTalk v1 bundle fingerprint';
