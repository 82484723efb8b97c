/**
 * Device identities and safety numbers.
 *
 * @module
 */
export {
  DEVICE_IDENTITY_SERIALIZED_LENGTH,
  DeviceIdentity,
  wipeSerializedIdentity,
} from './device-identity.js';
export {
  decodePublicIdentityAsync,
  dhKeyBindingMessage,
  encodePublicIdentity,
  formatPublicKey,
  PUBLIC_IDENTITY_LENGTH,
  type PublicIdentity,
  parsePublicIdentity,
  samePublicIdentity,
  verifyPublicIdentityAsync,
} from './public-identity.js';
export { decodePublicIdentity, verifyPublicIdentity } from './public-identity-sync.js';
export {
  SAFETY_NUMBER_QR_VERSION,
  type SafetyNumber,
  type SafetyNumberParty,
  safetyNumber,
  verifySafetyNumberQr,
} from './safety-number.js';
