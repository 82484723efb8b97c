/**
 * At-rest protection: the database key, its wrapping, record encryption and blind indexes.
 *
 * @module
 */
export { BLIND_INDEX_DEFAULT_LENGTH, BlindIndex } from './blind-index.js';
export {
  type Argon2idParams,
  checkKdfParams,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  derivePassphraseKey,
  meetsOwasp,
  type PassphraseKdfParams,
  type ScryptParams,
} from './passphrase-kdf.js';
export {
  type PassphraseWrapOptions,
  unwrapWithPassphrase,
  wrapWithPassphrase,
} from './passphrase-wrap.js';
export { RecordCipher } from './record-cipher.js';
export {
  generateDatabaseKey,
  generateWrappingCryptoKey,
  unwrapWithCryptoKey,
  wrapWithCryptoKey,
} from './wrapped-key.js';
