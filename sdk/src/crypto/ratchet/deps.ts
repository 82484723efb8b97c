/**
 * What the ratchet uses from the rest of the crypto core, in one place.
 *
 * @module
 */
export { equalBytes as equalBytesPublic } from '../bytes.js';
export {
  AEAD_TAG_LENGTH,
  aeadNonceLength,
  aeadOpen,
  aeadSeal,
  aeadSealInto,
  DEFAULT_AEAD_SUITE,
  generateX25519,
  generateX25519Async,
  isAeadSuite,
  type X25519KeyPair,
  x25519Dh,
  x25519DhAsync,
  x25519PublicKey,
  x25519PublicKeyAsync,
} from '../primitives/index.js';
