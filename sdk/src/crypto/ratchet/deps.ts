/**
 * What the ratchet uses from the rest of the crypto core, in one place.
 *
 * @module
 */
export { equalBytes as equalBytesPublic } from '../bytes.js';
export {
  AEAD_TAG_LENGTH,
  aeadOpen,
  aeadSeal,
  DEFAULT_AEAD_SUITE,
  generateX25519,
  isAeadSuite,
  type X25519KeyPair,
  x25519Dh,
  x25519PublicKey,
} from '../primitives/index.js';
