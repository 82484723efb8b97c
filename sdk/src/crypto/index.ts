/**
 * The CrypTalk crypto core: primitives (noble), identity and safety numbers, PQXDH, the Double Ratchet with
 * header encryption, MLS groups, relay authentication proofs and at-rest key wrapping.
 * Imports nothing else of the project. The relay should import `./auth/index.js` alone.
 *
 * @module
 */
export {
  BlindIndex,
  DEFAULT_ARGON2ID_PARAMS,
  DEFAULT_SCRYPT_PARAMS,
  generateDatabaseKey,
  generateWrappingCryptoKey,
  meetsOwasp,
  type PassphraseKdfParams,
  RecordCipher,
  unwrapWithCryptoKey,
  unwrapWithPassphrase,
  wrapWithCryptoKey,
  wrapWithPassphrase,
} from './at-rest/index.js';
export {
  type AuthChallenge,
  ChallengeVerifier,
  type ChallengeVerifierOptions,
  deriveRoomAuthKey,
  encodeChallenge,
  proveChallenge,
  RoomAuthKey,
  type VerifiedProof,
} from './auth/index.js';
export {
  AtRestError,
  AuthError,
  CRYPTO_ERROR_CODES,
  CryptoError,
  type CryptoErrorCode,
  GroupError,
  HandshakeError,
  RatchetError,
} from './errors.js';
export {
  type CommitOutput,
  createMlsMember,
  DEFAULT_MLS_CIPHERSUITE,
  type GroupEvent,
  type MlsCiphersuiteName,
  MlsGroup,
  MlsMember,
  SUPPORTED_MLS_CIPHERSUITES,
} from './group/index.js';
export {
  acceptSession,
  acceptSessionAsync,
  decodePrekeyBundle,
  encodePrekeyBundle,
  type PrekeyBundle,
  PrekeyStore,
  type PrekeyUpload,
  startSession,
  startSessionAsync,
} from './handshake/index.js';
export {
  DeviceIdentity,
  decodePublicIdentity,
  encodePublicIdentity,
  formatPublicKey,
  type PublicIdentity,
  type SafetyNumber,
  safetyNumber,
  verifySafetyNumberQr,
} from './identity/index.js';
export {
  AeadSuite,
  type AeadSuiteId,
  activeCryptoBackend,
  CRYPTO_BACKEND_ENV,
  type CryptoBackend,
  type CryptoBackendChoice,
  DEFAULT_AEAD_SUITE,
  type MessageBinding,
  MessageOpener,
  MessageSealer,
  setCryptoBackend,
} from './primitives/index.js';
export { RatchetSession } from './ratchet/index.js';
export { SecretKey } from './secret.js';
