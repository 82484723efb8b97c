/**
 * noble's AES-GCM alone, for `aead-base.ts` to import on first use where the platform has no WebCrypto (a lazy
 * chunk in the widget holding only what `gcm` needs, not all of noble's AES modes).
 *
 * @module
 */
export { gcm } from '@noble/ciphers/aes.js';
